/**
 * Sentence vectors fetched together for one answer. The answer layer scores
 * and compares the sentences of a few passages many times over; a store hands
 * it their vectors in one call (one read, or one round trip to a database),
 * and the arithmetic happens here, in memory.
 */
import { dot } from '../embeddings';

export interface SentenceVectors {
  /** Whether sentence `i` was fetched. */
  has(i: number): boolean;
  /** Cosine similarity of a unit query vector and sentence `i`. */
  score(vector: Float32Array, i: number): number;
  /** Cosine similarity of two sentences. */
  similarity(a: number, b: number): number;
  /** The unit-length mean direction of some sentences: what they say in common. */
  centroid(indices: readonly number[]): Float32Array;
}

export function sentenceVectors(rows: ReadonlyMap<number, Float32Array>, dims: number): SentenceVectors {
  const vector = (i: number): Float32Array => {
    const v = rows.get(i);
    // Asking for a sentence that was not fetched is a bug in the caller, not a data problem.
    if (!v) throw new Error(`sentence ${i} was not among the fetched vectors`);
    return v;
  };
  return {
    has: (i) => rows.has(i),
    score: (query, i) => dot(query, vector(i)),
    similarity: (a, b) => dot(vector(a), vector(b)),
    centroid: (indices) => {
      const sum = new Float32Array(dims);
      for (const i of indices) {
        const v = vector(i);
        for (let k = 0; k < dims; k++) sum[k] = (sum[k] ?? 0) + (v[k] ?? 0);
      }
      const norm = Math.hypot(...sum) || 1;
      return sum.map((x) => x / norm);
    },
  };
}
