/**
 * The store contract: what retrieval and the answer layer may ask of an index.
 * Plain data in, plain data out; the store answers similarity questions about
 * its vectors (sentence vectors come wrapped in SentenceVectors, fetched
 * together). The store never embeds anything: callers pass query vectors in.
 * Its implementations are lib/store/files and lib/store/postgres, behind
 * StoreBackend; storeBackend (./backend) picks one from the configuration.
 */
import type { Passage, Sentence } from '../chunking';
import type { CorpusDocument, SkippedFile } from '../corpus';
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
  storedDocument(docId: string): Promise<StoredDocument | undefined>;
}

/** What a build hands a store to publish as a new version. */
export interface IndexContents {
  /** Every document of the version, sorted by id. */
  readonly documents: readonly CorpusDocument[];
  /** When each document kept from the previous version was first indexed; the others are indexed now. */
  readonly indexedAt: ReadonlyMap<string, string>;
  readonly skipped: readonly SkippedFile[];
  /** The rows and unit vectors of each document embedded by this build, by id. */
  readonly fresh: ReadonlyMap<string, StoredDocument>;
  /** The version every other document is kept from unchanged (a database store keeps them by reference). */
  readonly previous?: Store;
  readonly embedder: Manifest['embedder'];
  readonly chunking: Manifest['chunking'];
  readonly hnsw: Manifest['hnsw'];
  readonly startedAt: number;
}

/**
 * Derives what is stored beside an index from the complete, not yet published
 * version, read back as the store it will be; suggested questions, today.
 */
export type StagedVersionHook = (staged: Store) => Promise<{ readonly suggestions: readonly string[] }>;

/** The live store of a process, reloaded when a build (here or in another process) publishes. */
export interface IndexHandle {
  /** The live version; checks for a newer one at most once per recheck interval. */
  get(): Promise<Store>;
  /** The live version after checking now (after a build in this process). */
  refresh(): Promise<Store>;
}

/** Called once when another build holds the lock, with what is known of it. */
export type LockWait = (holder: { readonly holder: string; readonly startedAt: string }) => void;

/**
 * Where index versions are kept and published: files on this machine
 * (./files) or a Postgres database that several servers share (./postgres).
 * Readers see one published version at a time; writers take turns.
 */
export interface StoreBackend {
  /** Where, for messages ("data/index", "postgres://host/db"). */
  readonly location: string;
  /**
   * Whether the store, not this machine's corpus folder, is the record of the documents an upload or a deletion
   * changes: true for a database that several servers (each with its own folder) write.
   */
  readonly holdsDocuments: boolean;
  /** The version in service; index_missing when nothing was published yet. */
  open(): Promise<Store>;
  /** The manifest of the version in service, without loading the rest. */
  currentManifest(): Promise<Manifest>;
  /**
   * A document as a published version holds it, while the store keeps that version (at least the one in
   * service and the two before it): what an answer's citation offsets point into after a rebuild changed the
   * document. Undefined when the version holds no such document; version_gone when the version is not kept.
   */
  documentAt(version: string, id: string): Promise<CorpusDocument | undefined>;
  /** This process's live store, shared by everything in it that reads this backend. */
  handle(): IndexHandle;
  /** Runs `work` as the only writer of this store, waiting up to `waitMs` for another (index_busy after). */
  exclusive<T>(waitMs: number, work: () => Promise<T>, onWait?: LockWait): Promise<T>;
  /** Writes a complete version and publishes it; a failure at any point leaves the previous one in service. */
  write(contents: IndexContents, onStaged?: StagedVersionHook): Promise<Manifest>;
  /** Lets go of what the process holds open for this store (a database's connections); a later call reopens it. */
  close(): Promise<void>;
}
