import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { condense, isFollowUp, namedEntities } from '@/lib/retrieval';

describe('condense', () => {
  it('adds the earlier question and the names of the last answer to a follow-up', () => {
    const { query, followUp } = condense([
      { role: 'user', content: 'What did Liz Truss warn about?' },
      { role: 'assistant', content: 'She warned that a Russian invasion would only lead to a terrible quagmire and loss of life.' },
      { role: 'user', content: 'Which earlier wars did she compare it to?' },
    ]);
    assert.match(query, /^Which earlier wars did she compare it to\?/);
    assert.match(query, /What did Liz Truss warn about\?/);
    assert.match(query, /Russian/);
    assert.equal(followUp, true);
  });

  it('leaves a self-contained question alone', () => {
    const messages = [
      { role: 'user' as const, content: 'What did Liz Truss warn about?' },
      { role: 'assistant' as const, content: 'A quagmire.' },
      { role: 'user' as const, content: 'How many Russian soldiers were deployed near Ukraine?' },
    ];
    assert.deepEqual(condense(messages), { query: 'How many Russian soldiers were deployed near Ukraine?', followUp: false });
    assert.deepEqual(condense([{ role: 'user', content: 'Why did Germany refuse weapons?' }]), {
      query: 'Why did Germany refuse weapons?',
      followUp: false,
    });
  });

  it('keeps the subject through a follow-up to a follow-up, and drops it when the topic changes', () => {
    const chain = [
      { role: 'user' as const, content: 'Where does npm link executables in local mode?' },
      { role: 'assistant' as const, content: 'Into ./node_modules/.bin. [1]' },
      { role: 'user' as const, content: 'And in global mode?' },
      { role: 'assistant' as const, content: 'Into {prefix}/bin. [1]' },
      { role: 'user' as const, content: 'What about man pages?' },
    ];
    const { query } = condense(chain);
    assert.match(query, /^What about man pages\?/);
    assert.match(query, /And in global mode\?/);
    assert.match(query, /Where does npm link executables in local mode\?/, 'the subject named two turns back is still searched');
    const switched = [
      ...chain,
      { role: 'assistant' as const, content: 'In {prefix}/share/man. [1]' },
      { role: 'user' as const, content: 'How does Memcheck find memory leaks?' },
    ];
    assert.deepEqual(condense(switched), { query: 'How does Memcheck find memory leaks?', followUp: false });
  });

  it('ignores system messages', () => {
    assert.deepEqual(
      condense([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Who is Ben Wallace?' },
      ]),
      { query: 'Who is Ben Wallace?', followUp: false },
    );
  });

  it('detects follow-ups and names', () => {
    assert.equal(isFollowUp('And Sweden?'), true);
    assert.equal(isFollowUp('Why did they do that?'), true);
    assert.equal(isFollowUp('Why is Sweden deploying troops on Gotland?'), false);
    assert.equal(isFollowUp('Where did the Polar Council hold its first session?'), false, 'the pronoun refers inside the question');
    assert.equal(isFollowUp('What did she warn about?'), true);
    assert.equal(isFollowUp('Why did Germany refuse weapons?'), false, 'a question word does not make a follow-up');
    assert.equal(isFollowUp('What about Germany?'), true);
    assert.deepEqual(namedEntities('The minister Ben Wallace met Sergei Shoigu in Moscow.'), ['Ben Wallace', 'Sergei Shoigu', 'Moscow']);
  });
});
