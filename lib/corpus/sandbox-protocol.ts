/** Messages between lib/corpus/sandbox.ts and its extraction worker. */
import type { ExtractLimits } from './extract';
import type { CorpusDocument, SkippedFile } from './types';

/** The child's exit code when the operating system refused it memory (its data-segment limit). */
export const OUT_OF_MEMORY_EXIT = 75;

export interface SandboxRequest {
  readonly job: number;
  readonly id: string;
  /** The file to read; bytes never pass through the caller's heap. */
  readonly file: string;
  readonly limits: ExtractLimits;
}

/** The file's result, or word that a long step (an OCR page) began, which restarts the file's time limit. */
export type SandboxReply =
  | { readonly job: number; readonly result: CorpusDocument | SkippedFile }
  | { readonly job: number; readonly progress: string };
