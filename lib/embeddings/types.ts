/** Turns texts into unit-length vectors. Implementations batch internally. */
export interface Embedder {
  /** Recorded in the index manifest; a query must be embedded by the embedder with the same id. */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export type EmbedderSpec = { readonly family: 'use-lite' } | { readonly family: 'transformers'; readonly model: string };

export interface EmbedderOptions {
  readonly modelsDir: string;
  readonly allowRemoteModels: boolean;
  readonly batchSize: number;
  /**
   * Most characters per model call. A model's working memory grows with the
   * text in one call and a WASM runtime never hands it back.
   */
  readonly batchChars: number;
  /** Threads one model call may use (ONNX Runtime's intra-op threads); 0 is one per core. */
  readonly threads: number;
}

export function embedderId(spec: EmbedderSpec): string {
  return spec.family === 'use-lite' ? 'use-lite' : `transformers:${spec.model}`;
}

export function specFromId(id: string): EmbedderSpec | undefined {
  if (id === 'use-lite') return { family: 'use-lite' };
  if (id.startsWith('transformers:') && id.length > 'transformers:'.length) {
    return { family: 'transformers', model: id.slice('transformers:'.length) };
  }
  return undefined;
}
