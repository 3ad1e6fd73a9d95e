import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmbedder } from '@/lib/embeddings';
import { embedderInWorker } from '@/lib/embeddings/worker';
import { AppError } from '@/lib/errors';
import { TINY_BERT_DIMENSIONS, writeTinyBertModel } from '../fixtures/tiny-bert';
import { tempDir } from '../helpers';

const MODEL = 'fixtures/tiny-bert';
const modelsDir = await tempDir('models-');
await writeTinyBertModel(modelsDir, MODEL);
const options = { modelsDir, allowRemoteModels: false, batchSize: 4, batchChars: 100_000, threads: 1 };
const spec = { family: 'transformers', model: MODEL } as const;

describe('embedder in a worker thread', () => {
  it('gives the vectors of the same embedder in-process', async () => {
    const texts = ['Germany refused weapons', 'the minister will meet in moscow', 'ukraine', 'russia refuse', 'nato', 'kiev embassy'];
    const inWorker = await embedderInWorker(spec, options);
    const local = await createEmbedder(spec, options);
    assert.equal(inWorker.id, local.id);
    assert.equal(inWorker.dimensions, TINY_BERT_DIMENSIONS);
    const [a, b] = await Promise.all([inWorker.embed(texts), local.embed(texts)]);
    assert.deepEqual(
      a.map((v) => Array.from(v)),
      b.map((v) => Array.from(v)),
    );
    assert.deepEqual(await inWorker.embed([]), []);
  });

  it('answers concurrent callers each with their own vectors', async () => {
    const inWorker = await embedderInWorker(spec, options);
    const local = await createEmbedder(spec, options);
    const texts = Array.from({ length: 24 }, (_, i) => `question ${i} about ${i % 2 ? 'ukraine' : 'germany'}`);
    const results = await Promise.all(texts.map((t) => inWorker.embed([t])));
    for (const [i, t] of texts.entries())
      assert.deepEqual(Array.from(results[i]?.[0] ?? []), Array.from((await local.embed([t]))[0] ?? []), t);
  });

  it('reports a model that cannot load with the typed error the model gave', async () => {
    await assert.rejects(
      embedderInWorker({ family: 'transformers', model: 'absent/model' }, options),
      (e: unknown) => e instanceof AppError && e.code === 'embedder_unavailable' && e.message.includes(`${modelsDir}/absent/model`),
    );
  });
});
