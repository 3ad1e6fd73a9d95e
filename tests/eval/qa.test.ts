import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnswerResponse } from '@/lib/answer';
import { evalEntrySchema } from '@/lib/eval/dataset';
import { bestWindow, EVAL_TARGETS, judge, missedTargets, summarize } from '@/lib/eval/qa';

const passage = (doc: string, text: string) => ({ doc, title: doc, text, start: 0, end: text.length, score: 1 });

function response(
  answer: string,
  options: { refused?: boolean; cites?: string[]; passages?: ReturnType<typeof passage>[] } = {},
): AnswerResponse {
  const passages = options.passages ?? [];
  return {
    question: 'q',
    query: 'q',
    version: 'v1',
    answer,
    refused: options.refused ?? false,
    confidence: options.refused ? 'none' : 'high',
    kind: options.refused ? 'refusal' : 'answer',
    answerer: 'extractive',
    passages,
    citations: (options.cites ?? []).map((doc, i) => ({ ...passage(doc, answer), id: i + 1 })),
  };
}

const entry = (raw: Record<string, unknown>) => evalEntrySchema.parse(raw);

describe('evaluation entries', () => {
  it('reads both formats into one shape', () => {
    assert.deepEqual(entry({ id: 'q1', question: 'Who?', docs: ['a.txt'], expect_any: ['X'] }), {
      id: 'q1',
      kind: 'direct',
      question: 'Who?',
      docs: ['a.txt'],
      expect_any: ['X'],
      unanswerable: false,
      correct_any: [],
    });
    const later = entry({
      id: 'd1',
      kind: 'multi_turn',
      question: 'And her?',
      messages: [
        { role: 'user', content: 'Who?' },
        { role: 'assistant', content: 'A.' },
        { role: 'user', content: 'And her?' },
      ],
      expect_docs: ['a.txt'],
      expect_any: ['Y'],
      answerable: true,
    });
    assert.equal(later.kind, 'multi_turn');
    assert.deepEqual(later.docs, ['a.txt']);
    assert.equal(later.messages?.length, 3);
    assert.equal(entry({ id: 'o', question: 'Q?', answerable: false, kind: 'out_of_corpus' }).unanswerable, true);
    assert.equal(entry({ id: 'u', question: 'Q?', unanswerable: true }).kind, 'out_of_corpus');
  });
});

describe('judging answers by kind', () => {
  const top = passage('a.txt', 'The treaty was signed in Reykjavik in 2022.');
  it('answerable: right needs the phrase and a citation of an expected document; the baseline quotes the top passage', () => {
    const e = entry({ id: 'q', kind: 'direct', question: 'Where?', expect_docs: ['a.txt'], expect_any: ['Reykjavik'], answerable: true });
    const right = judge(e, response('It was signed in Reykjavik. [1]', { cites: ['a.txt'], passages: [top] }));
    assert.equal(right.pass, true);
    assert.equal(right.baseline, true);
    assert.equal(right.retrieved, true);
    assert.equal(right.words, 5);
    assert.equal(
      judge(e, response('It was signed in Reykjavik. [1]', { cites: ['b.txt'], passages: [top] })).pass,
      false,
      'wrong document',
    );
    assert.equal(judge(e, response('Not covered.', { refused: true, passages: [top] })).pass, false);
  });

  it('false premise: a refusal or a cited correction is right; out of corpus: only a refusal', () => {
    const premise = entry({
      id: 'f',
      kind: 'false_premise',
      question: 'Why did they sign in Oslo?',
      answerable: false,
      correct_any: ['signed in Reykjavik'],
    });
    assert.equal(judge(premise, response('No.', { refused: true })).pass, true);
    assert.equal(
      judge(premise, response('The treaty was signed in Reykjavik in 2022. [1]', { cites: ['a.txt'], passages: [top] })).pass,
      true,
    );
    assert.equal(judge(premise, response('Because of the weather. [1]', { cites: ['a.txt'], passages: [top] })).pass, false);
    assert.equal(judge(premise, response('x', { passages: [top] })).baseline, true, 'the top passage holds the correction');
    const outside = entry({ id: 'o', kind: 'out_of_corpus', question: 'Q?', answerable: false });
    assert.equal(judge(outside, response('No.', { refused: true })).pass, true);
    assert.equal(judge(outside, response('x', { passages: [top] })).baseline, false);
  });

  it('summarises per kind and names each missed target', () => {
    const e = entry({ id: 'q', kind: 'direct', question: 'Where?', expect_docs: ['a.txt'], expect_any: ['Reykjavik'], answerable: true });
    const refusedRow = judge(e, response('Not covered.', { refused: true, passages: [top] }));
    const summary = summarize([
      refusedRow,
      judge(entry({ id: 'c', kind: 'chitchat_meta', question: 'hello', answerable: true }), response('Hello.')),
    ]);
    assert.equal(summary.answerable, 1, 'chitchat is judged by hand, outside the shares');
    assert.deepEqual(
      summary.kinds.map((k) => [k.kind, k.questions, k.right, k.baseline, k.refused]),
      [
        ['direct', 1, 0, 1, 1],
        ['chitchat_meta', 1, 0, 0, 0],
      ],
    );
    assert.deepEqual(missedTargets(summary), [
      'answers right 0/1 < 90%',
      'answers right 0, not above the best 80-word window of the top passage (1)',
      'answerable refused 1/1 > 3%',
      'direct: 0 right < 1 for the top passage',
    ]);
    assert.deepEqual(missedTargets(summary, { ...EVAL_TARGETS, answeredShare: 0, maxAnswerableRefusedShare: 1 }), [
      'answers right 0, not above the best 80-word window of the top passage (1)',
      'direct: 0 right < 1 for the top passage',
    ]);
  });
});

describe('the best 80-word window of the top passage', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

  it('is the window holding the most distinct question terms, centred on them', () => {
    const text = `${filler(50)} The treaty was signed in Reykjavik in 1921. ${filler(100)}`;
    const window = bestWindow('Where was the treaty signed?', text);
    assert.equal(window.split(' ').length, 80);
    assert.ok(window.startsWith('w12 '), window.slice(0, 20));
    assert.match(window, /treaty was signed in Reykjavik in 1921\. w0 w1/);
    assert.equal(bestWindow('Where was the treaty signed?', 'Short text.'), 'Short text.');
  });

  it('is the second baseline of every answerable row', () => {
    const late = passage('a.txt', `${filler(200)} The treaty was signed in Reykjavik.`);
    const e = entry({
      id: 'q',
      kind: 'squad',
      question: 'Where was the treaty signed?',
      expect_docs: ['a.txt'],
      expect_any: ['Reykjavik'],
      answerable: true,
    });
    const row = judge(e, response('x', { passages: [late] }));
    assert.deepEqual([row.baseline, row.window], [true, true]);
    const far = passage('a.txt', `The treaty was signed, they say. ${filler(200)} It was Reykjavik.`);
    assert.deepEqual(
      [judge(e, response('x', { passages: [far] })).baseline, judge(e, response('x', { passages: [far] })).window],
      [true, false],
    );
  });
});
