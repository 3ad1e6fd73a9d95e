/**
 * The store contract: what retrieval and the answer layer may ask of an index.
 * Plain data in, plain data out; vectors stay inside the store, which answers
 * similarity questions about them instead. The store never embeds anything:
 * callers pass query vectors in. Today's one implementation is lib/store/files.
 */
import type { Passage, Sentence } from '../chunking';
import type { CorpusDocument } from '../corpus';
import type { Located } from '../span';
import type { Manifest } from './files/format';
import type { SentenceVectors } from './vectors';

/** A ranked row: an index into `passages`, with its score. */
export interface Scored {
  readonly index: number;
  readonly score: number;
}

/** Indices `from` (inclusive) to `to` (exclusive) into `passages` or `sentences`. */
export interface Range {
  readonly from: number;
  readonly to: number;
}

export interface DenseSearch {
  /** HNSW's candidate list size: recall against speed. */
  readonly efSearch: number;
  /** Scan every vector instead of the graph: the ground truth recall is measured against. */
  readonly exact?: boolean;
}

/** A stored passage or sentence with its vector. */
export type WithVector<T> = readonly [row: T, vector: Float32Array];

/** One document's stored rows, for a build that keeps the document unchanged. */
export interface StoredDocument {
  readonly passages: readonly WithVector<Passage>[];
  readonly sentences: readonly WithVector<Sentence>[];
}

export interface Store {
  /** The version in service, which changes whenever a build publishes; its manifest says what it holds. */
  readonly version: string;
  readonly manifest: Manifest;
  /** Questions the index answers, chosen when it was built, for an empty chat. */
  readonly suggestions: readonly string[];
  readonly documents: readonly CorpusDocument[];
  /** Every passage, document by document, in text order. */
  readonly passages: readonly Passage[];
  /** Every sentence, document by document, in text order. */
  readonly sentences: readonly Sentence[];
  document(id: string): CorpusDocument | undefined;
  /** Passages nearest to a unit query vector, by cosine similarity; the caller embeds the query. */
  searchDense(vector: Float32Array, k: number, options: DenseSearch): Promise<Scored[]>;
  /** Passages ranked by relevance to already-tokenised query terms (BM25 in the files store). */
  searchLexical(terms: readonly string[], k: number): Promise<Scored[]>;
  /** Corpus statistics of an index term (see lib/text/tokenize). */
  term(term: string): { readonly idf: number; readonly present: boolean };
  /** Every index term of the lexical index. */
  vocabulary(): Iterable<string>;
  /** One document's passages. */
  passagesOf(docId: string): Range;
  /** One document's sentences. */
  sentencesOf(docId: string): Range;
  /** The sentences that lie wholly inside a span (a passage's sentences), in text order. */
  sentencesIn(span: Located): number[];
  /** The sentence of `docId` that contains offset `at`. */
  sentenceAt(docId: string, at: number): number | undefined;
  /** The index terms of sentence `i` (see lib/text/tokenize). */
  sentenceTerms(i: number): ReadonlySet<string>;
  /** The vectors of some sentences, fetched together, to score and compare them with (see ./vectors). */
  sentenceVectors(indices: Iterable<number>): Promise<SentenceVectors>;
  /** One document's rows and vectors, or undefined when the store does not hold it. */
  storedDocument(docId: string): StoredDocument | undefined;
}
