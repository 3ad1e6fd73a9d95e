import assert from 'node:assert/strict';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AutoModel, env, Tensor } from '@xenova/transformers';
import { createEmbedder, dot, normalize } from '@/lib/embeddings';
import { ensureUseLiteModel } from '@/lib/embeddings/use-lite-onnx';
import { createUseLiteTokenizer, type UseLiteVocabulary } from '@/lib/embeddings/use-lite-tokenizer';
import { tempDir } from '../helpers';

describe('the use-lite ONNX model folder', () => {
  it('is written once, then reused while it matches its record', async () => {
    const modelsDir = await tempDir();
    const first = await ensureUseLiteModel(modelsDir);
    assert.equal(first.created, true);
    assert.equal(first.dir, path.join(modelsDir, 'use-lite'));
    const config = JSON.parse(await readFile(path.join(first.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.match(String(config.source), /^@energetic-ai\/model-embeddings-en@\d/);
    assert.equal((await ensureUseLiteModel(modelsDir)).created, false);

    // A damaged model, or one from another version of the converter, is written again.
    await truncate(first.model, 1000);
    assert.equal((await ensureUseLiteModel(modelsDir)).created, true);
    await writeFile(path.join(first.dir, 'config.json'), JSON.stringify({ ...config, converter: 0 }));
    assert.equal((await ensureUseLiteModel(modelsDir)).created, true);
    assert.equal((await ensureUseLiteModel(modelsDir)).created, false);
  });

  it('loads in transformers.js like any local model and computes what the embedder computes', async () => {
    const modelsDir = await tempDir();
    const folder = await ensureUseLiteModel(modelsDir);
    const text = 'Why did Germany refuse to send weapons?';
    const vocabulary = (JSON.parse(await readFile(folder.tokenizer, 'utf8')) as { model: { vocab: UseLiteVocabulary } }).model.vocab;
    const ids = createUseLiteTokenizer(vocabulary).encode(text);

    env.localModelPath = modelsDir;
    env.allowRemoteModels = false;
    const model = await AutoModel.from_pretrained('use-lite', { quantized: false, local_files_only: true });
    const output = await model({
      indices: new Tensor('int64', BigInt64Array.from(ids.flatMap((_, p) => [0n, BigInt(p)])), [ids.length, 2]),
      values: new Tensor('int64', BigInt64Array.from(ids, BigInt), [ids.length]),
    });
    const viaTransformers = normalize(Float32Array.from(output.embeddings.data as Float32Array));

    const embedder = await createEmbedder(
      { family: 'use-lite' },
      { modelsDir, allowRemoteModels: false, batchSize: 4, batchChars: 10_000, threads: 1 },
    );
    const [own] = await embedder.embed([text]);
    assert.ok(own && dot(own, viaTransformers) > 0.99999);
  });
});
