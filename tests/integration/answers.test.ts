/** Extractive answers on the real corpus: the public evaluation set, citations, refusals, streaming. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { answer, streamAnswer, type AnswerContext } from '@/lib/answer';
import { suggestedQuestions } from '@/lib/answer/suggestions';
import { loadEvalSet } from '@/lib/eval/dataset';
import { evaluateAnswers } from '@/lib/eval/qa';
import { buildIndex } from '@/lib/pipeline/build-index';
import { openRetriever } from '@/lib/retrieval';
import { countWords } from '@/lib/text/sentences';
import { ROOT, tempDir, testConfig } from '../helpers';

let context: AnswerContext;

before(async () => {
  const config = testConfig({ INDEX_DIR: await tempDir() });
  await buildIndex(config);
  context = { retriever: await openRetriever(config), config, logger: { log: () => undefined } };
});

describe('extractive answers', () => {
  it('pass every entry of the public evaluation set', async () => {
    const entries = await loadEvalSet(path.join(ROOT, 'tests', 'fixtures', 'eval-questions.jsonl'));
    const summary = await evaluateAnswers(entries, (request) => answer(request, context));
    const failures = summary.rows.filter((r) => !r.pass).map((r) => `${r.id}: ${r.answer}`);
    assert.deepEqual(failures, []);
    assert.equal(summary.answered, 11);
    assert.equal(summary.refused, 2);
  });

  it('quote the corpus verbatim, cite every sentence and locate it', async () => {
    const result = await answer({ question: 'Why did Germany refuse weapons?' }, context);
    assert.equal(result.answerer, 'extractive');
    assert.match(result.answer, /Christine Lambrecht/);
    const words = countWords(result.answer.replace(/\[\d+\]/g, ''));
    assert.ok(words >= 20 && words <= 90, `${words} words`);
    const markers = [...result.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    assert.deepEqual(markers, result.citations.map((c) => c.id));
    for (const c of result.citations) {
      const doc = context.retriever.index.document(c.doc);
      assert.equal(doc?.text.slice(c.start, c.end), c.text);
      assert.ok(result.answer.includes(`${c.text.replace(/\s+/g, ' ')} [${c.id}]`), 'the sentence is quoted as it stands');
    }
  });

  it('refuse questions whose names or numbers the corpus lacks, with related passages', async () => {
    for (const question of ['What did Macron say about Putin?', 'What happened in Kyiv in 2015?', 'How many tanks does Sweden have?']) {
      const result = await answer({ question }, context);
      assert.equal(result.refused, true, question);
      assert.match(result.answer, /don't cover/);
      assert.deepEqual(result.citations, []);
    }
  });

  it('stream the same text the final response carries', async () => {
    let streamed = '';
    let done;
    for await (const event of streamAnswer({ question: 'What kind of weapons will the United Kingdom provide to Ukraine?' }, context)) {
      if (event.type === 'text') streamed += event.delta;
      else done = event.response;
    }
    assert.equal(streamed, done?.answer);
    assert.match(streamed, /anti-tank/);
  });

  it('suggest 3-4 questions about quoted people, each answered rather than refused', async () => {
    const questions = await suggestedQuestions(context);
    assert.ok(questions.length >= 3 && questions.length <= 4, JSON.stringify(questions));
    for (const question of questions) {
      assert.match(question, /^What did \p{Lu}\p{Ll}+ \p{Lu}[\p{L}-]+ say\?$/u);
      assert.equal((await answer({ question }, context)).refused, false, question);
    }
  });
});
