/** Messages between lib/embeddings/worker.ts and the embedding worker thread. */
import type { EmbedderOptions, EmbedderSpec } from './types';

export interface WorkerSetup {
  readonly spec: EmbedderSpec;
  readonly options: EmbedderOptions;
  /**
   * Scheduling priority of the worker's thread (a nice value, 0 normal, 19 lowest), set before the model
   * loads so the runtime's own threads inherit it.
   */
  readonly niceness: number;
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
