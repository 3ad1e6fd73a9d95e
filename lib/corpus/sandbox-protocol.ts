/** Messages between lib/corpus/sandbox.ts and its extraction worker. */
import type { CorpusDocument, SkippedFile } from './types';

export interface SandboxRequest {
  readonly job: number;
  readonly id: string;
  /** The file to read; bytes never pass through the caller's heap. */
  readonly file: string;
}

export interface SandboxReply {
  readonly job: number;
  readonly result: CorpusDocument | SkippedFile;
}
