/**
 * Okapi BM25 over pre-tokenised postings. Terms come from lib/text/tokenize so
 * the index and its queries agree on stemming and stop words.
 */
import { z } from 'zod';
import type { Scored } from '../types';

export const bm25Schema = z.object({
  k1: z.number().positive(),
  b: z.number().min(0).max(1),
  lengths: z.array(z.number().int().nonnegative()),
  /** term → [passageIndex, termFrequency, passageIndex, termFrequency, …] */
  postings: z.record(z.string(), z.array(z.number().int().nonnegative())),
});

export type Bm25Data = z.infer<typeof bm25Schema>;

export function buildBm25(documents: readonly (readonly string[])[], k1 = 1.2, b = 0.75): Bm25Data {
  // A Map, not an object literal: terms such as "constructor" must not meet Object.prototype.
  const postings = new Map<string, number[]>();
  documents.forEach((terms, index) => {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      const list = postings.get(term);
      if (list) list.push(index, tf);
      else postings.set(term, [index, tf]);
    }
  });
  return { k1, b, lengths: documents.map((terms) => terms.length), postings: Object.fromEntries(postings) };
}

export class Bm25Index {
  private readonly avgLength: number;
  /** Each term's id: its postings are `flat[starts[id]]` up to `flat[starts[id + 1]]`. */
  private readonly ids: Map<string, number>;
  private readonly starts: Uint32Array;
  private readonly flat: Uint32Array;
  private readonly k1: number;
  private readonly b: number;
  private readonly lengths: Uint32Array;

  // The postings are packed in one array: a typed array per term cost about 100 bytes of object each, and
  // the parsed JSON they came from is not kept.
  constructor(data: Bm25Data) {
    this.k1 = data.k1;
    this.b = data.b;
    this.lengths = Uint32Array.from(data.lengths);
    const total = this.lengths.reduce((sum, n) => sum + n, 0);
    this.avgLength = this.lengths.length ? total / this.lengths.length || 1 : 1;
    const entries = Object.entries(data.postings);
    this.ids = new Map(entries.map(([term], id) => [term, id]));
    this.starts = new Uint32Array(entries.length + 1);
    let size = 0;
    entries.forEach(([, list], id) => {
      size += list.length;
      this.starts[id + 1] = size;
    });
    this.flat = new Uint32Array(size);
    entries.forEach(([, list], id) => {
      this.flat.set(list, this.starts[id]);
    });
  }

  private postings(term: string): Uint32Array | undefined {
    const id = this.ids.get(term);
    return id === undefined ? undefined : this.flat.subarray(this.starts[id], this.starts[id + 1]);
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Inverse document frequency; a term absent from the corpus gets the largest possible value. */
  idf(term: string): number {
    const n = this.lengths.length;
    const df = (this.postings(term)?.length ?? 0) / 2;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  has(term: string): boolean {
    return this.ids.has(term);
  }

  terms(): Iterable<string> {
    return this.ids.keys();
  }

  /** Top `k` passages for the query terms (duplicates count once), best first. */
  search(queryTerms: readonly string[], k: number): Scored[] {
    const n = this.lengths.length;
    const scores = new Float64Array(n);
    const touched: number[] = [];
    const { k1, b, lengths } = this;
    for (const term of new Set(queryTerms)) {
      const list = this.postings(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i] ?? 0;
        const tf = list[i + 1] ?? 0;
        const norm = k1 * (1 - b + (b * (lengths[doc] ?? 0)) / this.avgLength);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] = (scores[doc] ?? 0) + (idf * (tf * (k1 + 1))) / (tf + norm);
      }
    }
    return touched
      .map((index) => ({ index, score: scores[index] ?? 0 }))
      .sort((a, b2) => b2.score - a.score || a.index - b2.index)
      .slice(0, k);
  }
}
