/** Builds a real index from corpus/ with the offline embedder and asks real questions. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadEvalSet } from '@/lib/eval/dataset';
import { evaluateRetrieval } from '@/lib/eval/retrieval';
import { spanResult } from '@/lib/span';
import { queryOf } from '@/lib/retrieval';
import { buildIndex } from '@/lib/pipeline/build-index';
import { openRetriever, type Retriever } from '@/lib/retrieval';
import { ROOT, storeEnv, tempDir, testConfig } from '../helpers';

describe('index pipeline on the real corpus', () => {
  let retriever: Retriever;
  const phases = new Set<string>();

  before(async () => {
    const config = testConfig(await storeEnv(await tempDir()));
    const { manifest } = await buildIndex(config, { onProgress: ({ phase }) => phases.add(phase) });
    assert.equal(manifest.counts.documents, 5);
    assert.equal(manifest.embedder.id, 'use-lite');
    retriever = await openRetriever(config);
  });

  it('reports embedding progress for passages and sentences', () => {
    assert.deepEqual([...phases], ['embedding passages', 'embedding sentences']);
  });

  it('ranks the Lambrecht passage first for "Why did Germany refuse weapons?"', async () => {
    const response = {
      passages: (await retriever.retrieve(queryOf({ question: 'Why did Germany refuse weapons?' }))).map((p) => spanResult(p)),
    };
    assert.equal(response.passages[0]?.doc, '001_a7bb7fa174f8eb78.txt');
    assert.match(response.passages[0]?.text ?? '', /Lambrecht/);
    const doc = retriever.index.document('001_a7bb7fa174f8eb78.txt');
    for (const p of response.passages) {
      assert.equal(retriever.index.document(p.doc)?.text.slice(p.start, p.end), p.text, 'offsets locate the text');
    }
    assert.ok(doc);
  });

  it('resolves a follow-up through the conversation', async () => {
    const request = {
      messages: [
        { role: 'user' as const, content: 'What did Liz Truss warn about?' },
        {
          role: 'assistant' as const,
          content: 'She warned that a Russian invasion would only lead to a terrible quagmire and loss of life.',
        },
        { role: 'user' as const, content: 'Which earlier wars did she compare it to?' },
      ],
    };
    const query = queryOf(request);
    assert.notEqual(query, 'Which earlier wars did she compare it to?');
    const [first] = await retriever.retrieve(query);
    assert.match(first?.text ?? '', /Afghanistan/);
  });

  it('meets the retrieval targets on the public evaluation set (hybrid hit@5 = 100%, hit@1 >= 85%)', async () => {
    const entries = await loadEvalSet(path.join(ROOT, 'tests', 'fixtures', 'eval-questions.jsonl'));
    const [hybrid] = await evaluateRetrieval(retriever, entries, ['hybrid']);
    assert.ok(hybrid);
    assert.equal(hybrid.questions, 11);
    assert.equal(hybrid.hitAt5, 1, JSON.stringify(hybrid.ranks));
    assert.ok(hybrid.hitAt1 >= 0.85, JSON.stringify(hybrid.ranks));
  });
});
