/** A retrievable unit: whole sentences of one document, located by offsets into its cleaned text. */
export interface Passage {
  /** `${docId}#${ordinal}` */
  readonly id: string;
  readonly docId: string;
  readonly title: string;
  readonly ordinal: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A sentence of a document, for citing and scoring below the passage level. */
export interface Sentence {
  readonly docId: string;
  readonly start: number;
  readonly end: number;
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
