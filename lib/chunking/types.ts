import type { Located, Span } from '../span';

/** A retrievable unit: whole sentences of one document, located by offsets into its cleaned text. */
export interface Passage extends Omit<Span, 'score'> {
  /** `${docId}#${ordinal}` */
  readonly id: string;
  readonly ordinal: number;
}

/** A sentence of a document, for citing and scoring below the passage level. */
export interface Sentence extends Located {
  readonly text: string;
}

export interface ChunkingOptions {
  readonly maxWords: number;
  readonly overlapWords: number;
}

export interface ChunkedDocument {
  readonly passages: Passage[];
  readonly sentences: Sentence[];
}
