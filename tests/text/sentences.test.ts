import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countWords, splitSentences } from '@/lib/text/sentences';

const texts = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits on terminators followed by a capitalised word', () => {
    assert.deepEqual(texts('Russia denies it. Ukraine does not! Who knows? Nobody.'), [
      'Russia denies it.',
      'Ukraine does not!',
      'Who knows?',
      'Nobody.',
    ]);
  });

  it('keeps titles, initials and dotted acronyms inside the sentence', () => {
    assert.deepEqual(texts('During a call with Mr. Lavrov, Mr. Blinken spoke. The U.S. Embassy said J. Smith left.'), [
      'During a call with Mr. Lavrov, Mr. Blinken spoke.',
      'The U.S. Embassy said J. Smith left.',
    ]);
  });

  it('does not split decimals, lower-case continuations or closing quotes', () => {
    assert.deepEqual(texts('Growth was 3.5 percent. "We are ready," he said. "It is over." Then silence.'), [
      'Growth was 3.5 percent.',
      '"We are ready," he said.',
      '"It is over."',
      'Then silence.',
    ]);
  });

  it('treats a line break as a boundary and trims whitespace out of spans', () => {
    const text = '  Ukraine criticizes Germany\n\nGermany refused.  ';
    assert.deepEqual(texts(text), ['Ukraine criticizes Germany', 'Germany refused.']);
  });

  it('returns offsets into the original text', () => {
    const text = 'One. Two three.\nFour';
    for (const span of splitSentences(text)) assert.equal(text.slice(span.start, span.end).trim(), text.slice(span.start, span.end));
  });

  it('counts words', () => {
    assert.equal(countWords('  a b\n c  '), 3);
    assert.equal(countWords(''), 0);
  });
});
