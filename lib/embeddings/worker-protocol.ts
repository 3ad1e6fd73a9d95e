/** Messages between lib/embeddings/worker.ts and the embedding worker thread. */
import type { EmbedderOptions, EmbedderSpec } from './types';

export interface WorkerSetup {
  readonly spec: EmbedderSpec;
  readonly options: EmbedderOptions;
}

export interface WorkerRequest {
  readonly id: number;
  readonly texts: readonly string[];
}

export type WorkerReply =
  | { readonly type: 'ready'; readonly id: string; readonly dimensions: number }
  | { readonly type: 'vectors'; readonly id: number; readonly vectors: Float32Array[] }
  /** id -1: the model could not be loaded. */
  | { readonly type: 'failed'; readonly id: number; readonly error: { readonly code?: string; readonly message: string } };
