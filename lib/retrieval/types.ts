import type { Span } from '../span';

/** A ranked passage with where it came from and why it ranked; `score` is the fused one. */
export interface RetrievedPassage extends Span {
  /** Id of the best-ranked passage merged into this span. */
  readonly id: string;
  /** Cosine similarity to the query, when the dense list contained it. */
  readonly dense?: number;
  /** BM25 score, when the lexical list contained it. */
  readonly lexical?: number;
}

export type RetrievalMode = 'hybrid' | 'dense' | 'lexical';

export interface RetrieveOptions {
  readonly k?: number;
  readonly mode?: RetrievalMode;
  /** The query's embedding when the caller already has it (it is needed again to score sentences). */
  readonly vector?: Float32Array;
}
