import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_POLICY } from '@/lib/answer/policy';
import { acronymsIn, askingPart, hasCue, identifiersIn, isMentioned, keyTerms, lookupOf, questionType } from '@/lib/answer/question';
import { tokenize } from '@/lib/text/tokenize';

const lookup = (text: string) => lookupOf(new Set(tokenize(text)));

const { cues } = DEFAULT_POLICY;

describe('questionType', () => {
  it('recognises what a question asks for', () => {
    assert.equal(questionType('Why did Germany refuse weapons?'), 'why');
    assert.equal(questionType('How many Russian soldiers were deployed?'), 'how-many');
    assert.equal(questionType('When did the last meeting take place?'), 'when');
    assert.equal(questionType('Who will the minister meet?'), 'who');
    assert.equal(questionType('Where is Sweden deploying troops?'), 'where');
    assert.equal(questionType('What did Blinken say about the plans?'), 'say');
    assert.equal(questionType('What kind of weapons will be provided?'), 'what');
  });

  it('asks for a quote only by a verb of speech, not by a noun that looks like one', () => {
    assert.equal(questionType('What is the name of the largest reservoir in the state?'), 'what');
    assert.equal(questionType('What stress does the bridge carry?'), 'what');
    assert.equal(questionType('What did the ministry reply?'), 'say');
  });

  it('asks "when", "who" or "where" only when the word has a verb of its own, not when it joins a clause', () => {
    assert.equal(questionType('What happens when I look up foo.bar.local?'), 'what');
    assert.equal(questionType('What did the minister who visited Kyiv announce?'), 'say');
    assert.equal(questionType('Which town, where the treaty was signed, hosted the talks?'), 'what');
    assert.equal(questionType('The talks resumed, but when did they end?'), 'when');
    assert.equal(questionType('Do you know who will chair the council?'), 'who');
  });

  it('matches answer shapes', () => {
    assert.ok(hasCue('why', 'Germany refused, as this would not defuse the crisis.', cues));
    assert.ok(hasCue('when', 'The last meeting dates back to 2013.', cues));
    assert.ok(hasCue('how-many', 'More than 100,000 soldiers.', cues));
    assert.ok(hasCue('say', '“We are deeply concerned,” said Blinken.', cues));
    assert.ok(!hasCue('say', 'Blinken said nothing new.', cues));
    assert.ok(!hasCue('what', 'Anything.', cues));
  });
});

describe('keyTerms and isMentioned', () => {
  it('finds names and numbers but not question words or a capitalised first word', () => {
    assert.deepEqual(
      keyTerms('Who won the 2018 football World Cup?').map((t) => t.text),
      ['2018', 'World Cup'],
    );
    assert.deepEqual(
      keyTerms('Tell me why Germany refused weapons').map((t) => t.text),
      ['Germany'],
    );
    assert.deepEqual(
      keyTerms('Liz Truss warned about what?').map((t) => t.text),
      ['Liz Truss'],
    );
    assert.deepEqual(
      keyTerms('How many soldiers, 100,000?').map((t) => [t.text, t.forms[0]]),
      [['100,000', '100000']],
    );
  });

  it('accepts surnames, aliases, demonyms and swapped letters, but not a shared first word', () => {
    const [litvinenko] = keyTerms('How was Alexander Litvinenko killed?');
    assert.ok(litvinenko && isMentioned(litvinenko, lookup('agent Alexandre Litvinenko')));
    const text = 'the United Kingdom will provide';
    const acronyms = acronymsIn(text);
    const [uk] = keyTerms('Did the UK send weapons?', (a) => acronyms.get(a) ?? []);
    assert.ok(uk && isMentioned(uk, lookup(text)));
    const [kyiv] = keyTerms('Who visited Kyiv?');
    assert.ok(kyiv && isMentioned(kyiv, lookup('in Kiev on Monday')));
    const [dostoyevsky] = keyTerms('What did Dostoyevsky write?');
    assert.ok(dostoyevsky && isMentioned(dostoyevsky, lookup('a novel by Dostoevsky')));
    assert.ok(dostoyevsky && !isMentioned(dostoyevsky, lookup('a novel by Dickens')));
    const [russia] = keyTerms('What does Russia demand?');
    assert.ok(russia && isMentioned(russia, lookup('the Russian Foreign Ministry')));
    const [osce] = keyTerms('the OSCE meeting');
    assert.ok(osce && isMentioned(osce, lookup('the Organization (OCSE)')));
    const [cup] = keyTerms('the World Cup');
    assert.ok(cup && !isMentioned(cup, lookup('the whole world')));
    const [canada] = keyTerms('population of Canada');
    assert.ok(canada && !isMentioned(canada, lookup('Germany, Russia, Ukraine')));
  });

  it('finds a place through its capital, its people or its biggest cities, but not through a namesake', () => {
    const [canberra] = keyTerms('Why did Canberra recall its envoy?');
    assert.ok(canberra && isMentioned(canberra, lookup('Australia recalled its ambassador')));
    const [kenya] = keyTerms('What did the talks in Kenya agree?');
    assert.ok(kenya && isMentioned(kenya, lookup('the talks in Mombasa ended')));
    assert.ok(kenya && isMentioned(kenya, lookup('Kenyan officials said')));
    assert.deepEqual(
      keyTerms('how many people live in kenya, and what did the south korea delegation say?').map((k) => k.text),
      ['kenya', 'south korea'],
      'a place typed in lower case is a name',
    );
    assert.deepEqual(
      keyTerms('Kenya pledged how much?').map((k) => k.text),
      ['Kenya'],
      'a place may open the question',
    );
    assert.deepEqual(
      keyTerms('Which head of state will it send?').map((k) => k.text),
      [],
      'common words are not places',
    );
    const [florence] = keyTerms('What did Florence write?');
    assert.ok(florence && !isMentioned(florence, lookup('Italy and its people')), 'only a capital stands for its country');
  });
});

describe('identifiersIn', () => {
  it('finds paths, options, identifiers, dotted names and manual references', () => {
    assert.deepEqual(identifiersIn('Does zstd_max read /etc/zstd.conf, or -O3 with --fast=3?'), [
      'zstd_max',
      '/etc/zstd.conf',
      '-O3',
      '--fast',
    ]);
    assert.deepEqual(identifiersIn('Is lz4 described in signal(7) or in config.yaml?'), ['lz4', 'signal(7)', 'config.yaml']);
  });

  it('leaves numbers, ordinals, units, versions, abbreviations and placeholders alone', () => {
    assert.deepEqual(identifiersIn('Was the 3rd run at 100MB with 4096-bit keys in v18, e.g. in the U.S., on foo.example and my_app?'), []);
  });

  it('counts an identifier as mentioned only verbatim where the text can be searched, else by all its terms', () => {
    const [id] = keyTerms('What is boot_id?');
    assert.equal(id?.kind, 'identifier');
    const text = 'the boot ID changes';
    assert.ok(id && !isMentioned(id, { ...lookup(text), contains: (t) => text.toLowerCase().includes(t.toLowerCase()) }));
    assert.ok(id && isMentioned(id, { ...lookup('see boot_id'), contains: (t) => 'see boot_id'.includes(t) }));
    assert.ok(id && isMentioned(id, lookup(text)));
  });
});

describe('acronymsIn', () => {
  it('finds the acronyms a text spells out, with or without joining words', () => {
    const found = acronymsIn('The North Atlantic Treaty Organization met the Bank of England and the United States.');
    assert.deepEqual(found.get('NATO'), ['North Atlantic Treaty Organization']);
    assert.deepEqual(found.get('BE'), ['Bank of England']);
    assert.deepEqual(found.get('BOE'), ['Bank of England']);
    assert.deepEqual(found.get('US'), ['United States']);
    assert.equal(found.get('TM'), undefined);
  });
});

describe('keyTerms in questions written in the first person', () => {
  it('never takes pronouns, contractions or connectives for names', () => {
    const names = (q: string) =>
      keyTerms(q)
        .filter((t) => t.kind === 'name')
        .map((t) => t.text);
    assert.deepEqual(names('If I compress a file with xz, how many threads can it use?'), []);
    assert.deepEqual(names("I'm adding a dependency. Should it go in devDependencies?"), []);
    assert.deepEqual(names("What's the difference between definitely lost and probably lost in Memcheck?"), ['Memcheck']);
    assert.deepEqual(names('Our agent needs an identifier. Can we upload the OpenSSH key?'), ['OpenSSH']);
    assert.deepEqual(names('Did Liz Truss warn Russia?'), ['Liz Truss', 'Russia']);
  });

  it('takes a possessive for the name itself', () => {
    const names = (q: string) =>
      keyTerms(q)
        .filter((t) => t.kind === 'name')
        .map((t) => t.text);
    assert.deepEqual(names("How did the UK's prime minister react?"), ['UK']);
    assert.deepEqual(names('What does Kyiv’s military intelligence say?'), ['Kyiv']);
  });
});

describe('numbers written as words', () => {
  it('answer a how-many question', () => {
    assert.ok(hasCue('how-many', 'Russia said it had arrested three Ukrainian spies.', cues));
    assert.ok(hasCue('how-many', 'Twenty ships took part.', cues));
    assert.ok(!hasCue('how-many', 'Russia said it had arrested Ukrainian spies.', cues));
  });
});

describe('askingPart', () => {
  it('is the last sentence when a message sets the scene before it asks, else the whole message', () => {
    assert.equal(askingPart('Ana met her counterpart in Moscow. What did he say about the troops?'), 'What did he say about the troops?');
    assert.equal(askingPart('Why did Germany refuse weapons?'), 'Why did Germany refuse weapons?');
    assert.equal(askingPart('What did he say? Tell me about the troops.'), 'What did he say? Tell me about the troops.');
  });
});
