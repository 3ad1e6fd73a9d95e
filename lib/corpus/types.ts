import type { DocumentFormat } from './formats';

export type { DocumentFormat };

/** A corpus document after cleaning. `text` is what passages and citations point into. */
export interface CorpusDocument {
  /** Path relative to the corpus folder, with forward slashes; stable across rebuilds. */
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly format: DocumentFormat;
  /** sha256 of the raw file bytes, so a rebuild can tell changed documents from unchanged ones. */
  readonly hash: string;
  readonly bytes: number;
}

export interface SkippedFile {
  readonly id: string;
  readonly reason: string;
  /**
   * `wrong-type`: the bytes are not what the name says (binary, not UTF-8, PDF or not); `no-text`: nothing to index;
   * `too-costly`: reading it exceeded the extraction sandbox's memory or time limit.
   */
  readonly problem: 'wrong-type' | 'no-text' | 'too-costly';
}

export interface LoadedCorpus {
  readonly documents: CorpusDocument[];
  readonly skipped: SkippedFile[];
}
