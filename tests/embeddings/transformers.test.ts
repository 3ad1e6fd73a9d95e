import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseEmbedder, createEmbedder, dot, localModelWeights } from '@/lib/embeddings';
import { AppError } from '@/lib/errors';
import { TINY_BERT_DIMENSIONS, writeTinyBertModel } from '../fixtures/tiny-bert';
import { tempDir } from '../helpers';

const MODEL = 'fixtures/tiny-bert';
const modelsDir = await tempDir('models-');
await writeTinyBertModel(modelsDir, MODEL);
const options = { modelsDir, allowRemoteModels: false, batchSize: 2, batchChars: 100_000, threads: 1 };

describe('transformers embedder with a local model folder', () => {
  it('finds the local weights', async () => {
    assert.equal(await localModelWeights(modelsDir, MODEL), 'quantized');
    assert.equal(await localModelWeights(modelsDir, 'absent/model'), undefined);
  });

  it('embeds batches into unit vectors of the model width, deterministically', async () => {
    const embedder = await createEmbedder({ family: 'transformers', model: MODEL }, options);
    assert.equal(embedder.id, `transformers:${MODEL}`);
    assert.equal(embedder.dimensions, TINY_BERT_DIMENSIONS);
    const texts = ['Germany refused weapons', 'the minister will meet in moscow', 'ukraine', 'russia refuse'];
    const first = await embedder.embed(texts);
    const again = await embedder.embed(texts);
    assert.equal(first.length, texts.length);
    first.forEach((v, i) => {
      assert.equal(v.length, TINY_BERT_DIMENSIONS);
      assert.ok(Math.abs(dot(v, v) - 1) < 1e-5, 'normalised');
      assert.deepEqual(Array.from(v), Array.from(again[i] ?? []));
    });
    assert.notDeepEqual(Array.from(first[0] ?? []), Array.from(first[1] ?? []));
  });

  it('fails with a message naming the folder to fill when the model is absent offline', async () => {
    await assert.rejects(
      createEmbedder({ family: 'transformers', model: 'absent/model' }, options),
      (e: unknown) => e instanceof AppError && e.code === 'embedder_unavailable' && e.message.includes(`${modelsDir}/absent/model`),
    );
  });
});

describe('chooseEmbedder', () => {
  const base = {
    embedder: 'auto' as const,
    allowRemoteModels: false,
    remoteProbeTimeoutMs: 500,
    batchSize: 8,
    batchChars: 100_000,
    threads: 1,
    modelsDir,
  };

  it('auto picks transformers when the model is on disk', async () => {
    const choice = await chooseEmbedder({ ...base, transformersModel: MODEL });
    assert.deepEqual(choice.spec, { family: 'transformers', model: MODEL });
    assert.match(choice.reason, /found in/);
  });

  it('auto falls back to use-lite and says why', async () => {
    const choice = await chooseEmbedder({ ...base, transformersModel: 'absent/model' });
    assert.deepEqual(choice.spec, { family: 'use-lite' });
    assert.match(choice.reason, /absent\/model is not in .* and ALLOW_REMOTE_MODELS=false/);
  });

  it('auto probes the Hub when remote models are allowed, and falls back when it does not answer', async () => {
    const choice = await chooseEmbedder({ ...base, allowRemoteModels: true, transformersModel: 'absent/model' });
    // This machine cannot reach the Hub; on one that can, the probe answers 4xx for a model that does not exist.
    assert.deepEqual(choice.spec, { family: 'use-lite' });
    assert.match(choice.reason, /the Hub (is unreachable|answered 4\d\d)/);
  });

  it('an explicit EMBEDDER wins', async () => {
    assert.deepEqual((await chooseEmbedder({ ...base, embedder: 'use-lite', transformersModel: MODEL })).spec, { family: 'use-lite' });
    assert.deepEqual((await chooseEmbedder({ ...base, embedder: 'transformers', transformersModel: 'absent/model' })).spec, {
      family: 'transformers',
      model: 'absent/model',
    });
  });
});
