/**
 * Loads the live index version and checks it before use: the manifest parses,
 * every file has the size and checksum the manifest recorded, vectors have the
 * recorded shape. Anything off is an AppError that says what and how to fix it.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Passage, Sentence } from '../../chunking';
import type { CorpusDocument } from '../../corpus';
import { AppError, INDEX_HINT } from '../../errors';
import { dot } from '../../embeddings';
import { recentlyUsed } from '../../memo';
import { VERSION_ID, versionGone } from '../manifest';
import { rowQueries } from '../rows';
import type { DenseSearch, Scored, Store } from '../types';
import { sentenceVectors as vectorSet } from '../vectors';
import { Bm25Index, bm25Schema } from './bm25';
import { CURRENT_FILE, FILES, FORMAT_VERSION, type Manifest, manifestSchema, storeSchema, suggestionsSchema } from './format';
import { readHnsw, searchHnsw } from './hnsw';
import { fileSha256, openVectorFile, type VectorRows } from './vector-file';

function corrupt(what: string): AppError {
  return new AppError('index_corrupt', `The index is damaged: ${what}.`, { hint: INDEX_HINT.rebuild });
}

/** The version folder CURRENT points at, or an index_missing error. */
export async function currentVersion(indexDir: string): Promise<string> {
  let pointer: string;
  try {
    pointer = (await readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
  } catch {
    throw new AppError('index_missing', `No index found in ${indexDir}.`, { hint: INDEX_HINT.build });
  }
  if (!VERSION_ID.test(pointer)) throw corrupt(`${CURRENT_FILE} does not name an index version`);
  return pointer;
}

/** The documents of a kept version folder, checked against its manifest; version_gone when there is no such folder. */
async function versionDocuments(dir: string): Promise<ReadonlyMap<string, CorpusDocument>> {
  const manifest = await readManifest(dir).catch(() => {
    throw versionGone(path.basename(dir));
  });
  const store = parseJson(await readChecked(dir, FILES.store, manifest), FILES.store, storeSchema);
  return new Map(store.documents.map((d) => [d.id, d]));
}

/** Older versions' documents by folder, read once each: a reader opening citations asks for the same version many times. */
const keptVersions = recentlyUsed(2, (dir: string) => {
  const documents = versionDocuments(dir);
  documents.catch(() => undefined);
  return documents;
});

export async function readVersionDocument(indexDir: string, version: string, id: string): Promise<CorpusDocument | undefined> {
  // Only a version's name reaches the file system, never a path: anything else is not a version.
  if (!VERSION_ID.test(version)) throw versionGone(version);
  return (await keptVersions(path.join(indexDir, version))).get(id);
}

async function readChecked(dir: string, name: string, manifest: Manifest): Promise<Buffer> {
  const expected = manifest.files[name];
  if (!expected) throw corrupt(`the manifest does not list ${name}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, name));
  } catch {
    throw corrupt(`${name} is missing`);
  }
  if (bytes.length !== expected.bytes) throw corrupt(`${name} is ${bytes.length} bytes, expected ${expected.bytes} (truncated?)`);
  if (createHash('sha256').update(bytes).digest('hex') !== expected.sha256) throw corrupt(`${name} does not match its checksum`);
  return bytes;
}

/** Checks a file the way readChecked does without reading it into memory: hnswlib reads it itself. */
async function checkFile(dir: string, name: string, manifest: Manifest): Promise<void> {
  const expected = manifest.files[name];
  if (!expected) throw corrupt(`the manifest does not list ${name}`);
  const file = path.join(dir, name);
  const size = await stat(file).then(
    (info) => info.size,
    () => undefined,
  );
  if (size === undefined) throw corrupt(`${name} is missing`);
  if (size !== expected.bytes) throw corrupt(`${name} is ${size} bytes, expected ${expected.bytes} (truncated?)`);
  if ((await fileSha256(file)) !== expected.sha256) throw corrupt(`${name} does not match its checksum`);
}

function parseJson<T>(bytes: Buffer, name: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt(`${name} is not valid JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw corrupt(`${name} has an unexpected structure`);
  return parsed.data;
}

/** A vector file of the version, checked against the manifest and read on demand (see ./vector-file). */
async function vectorsOf(dir: string, name: string, manifest: Manifest, rows: number, dims: number): Promise<VectorRows> {
  const expected = manifest.files[name];
  if (!expected) throw corrupt(`the manifest does not list ${name}`);
  const opened = await openVectorFile(path.join(dir, name), rows, dims, expected.sha256).catch(() => `is missing`);
  if (typeof opened === 'string') throw corrupt(`${name} ${opened}`);
  return opened;
}

async function readManifest(dir: string): Promise<Manifest> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, FILES.manifest));
  } catch {
    throw corrupt(`${FILES.manifest} is missing`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt(`${FILES.manifest} is not valid JSON (truncated?)`);
  }
  const formatVersion = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (formatVersion !== FORMAT_VERSION) {
    throw new AppError(
      'index_corrupt',
      `The index was written in format ${String(formatVersion)}; this version reads format ${FORMAT_VERSION}.`,
      { hint: INDEX_HINT.rebuild },
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw corrupt(`${FILES.manifest} has an unexpected structure`);
  return parsed.data;
}

/** The manifest of the version in service, without reading the rest of the index. */
export async function readCurrentManifest(indexDir: string): Promise<Manifest> {
  return readManifest(path.join(indexDir, await currentVersion(indexDir)));
}

export interface OpenIndexOptions {
  /** When given, an index built with another embedder is refused. */
  readonly expectEmbedder?: { id: string; dimensions?: number };
}

export async function openIndex(indexDir: string, options: OpenIndexOptions = {}): Promise<Store> {
  return openVersion(path.join(indexDir, await currentVersion(indexDir)), options);
}

/** Opens one version folder, published or still being written (see StagedVersionHook). */
export async function openVersion(dir: string, options: OpenIndexOptions = {}): Promise<Store> {
  const manifest = await readManifest(dir);
  const { expectEmbedder } = options;
  if (
    expectEmbedder &&
    (manifest.embedder.id !== expectEmbedder.id ||
      (expectEmbedder.dimensions !== undefined && manifest.embedder.dimensions !== expectEmbedder.dimensions))
  ) {
    throw new AppError(
      'index_corrupt',
      `The index was built with ${manifest.embedder.id} (${manifest.embedder.dimensions}-d) but ${expectEmbedder.id} is configured.`,
      { hint: INDEX_HINT.rebuild },
    );
  }
  const dims = manifest.embedder.dimensions;
  const store = parseJson(await readChecked(dir, FILES.store, manifest), FILES.store, storeSchema);
  const bm25 = parseJson(await readChecked(dir, FILES.bm25, manifest), FILES.bm25, bm25Schema);
  const passageVectors = await vectorsOf(dir, FILES.passageVectors, manifest, store.passages.length, dims);
  const sentenceVectors = await vectorsOf(dir, FILES.sentenceVectors, manifest, store.sentences.length, dims);
  if (bm25.lengths.length !== store.passages.length) throw corrupt(`${FILES.bm25} does not match the passage count`);
  await checkFile(dir, FILES.hnsw, manifest);
  const hnsw = readHnsw(path.join(dir, FILES.hnsw), dims);
  if (hnsw.getCurrentCount() !== store.passages.length) throw corrupt(`${FILES.hnsw} does not match the passage count`);

  // An index written before suggestions were chosen at build time has none.
  const suggestions = manifest.files[FILES.suggestions]
    ? parseJson(await readChecked(dir, FILES.suggestions, manifest), FILES.suggestions, suggestionsSchema)
    : [];

  const documents: CorpusDocument[] = store.documents;
  const docAt = (i: number): CorpusDocument => {
    const doc = documents[i];
    if (!doc) throw corrupt(`${FILES.store} refers to a missing document`);
    return doc;
  };
  const passages: Passage[] = store.passages.map(([d, ordinal, start, end]) => {
    const doc = docAt(d);
    return { id: `${doc.id}#${ordinal}`, docId: doc.id, title: doc.title, ordinal, start, end, text: doc.text.slice(start, end) };
  });
  const sentences: Sentence[] = store.sentences.map(([d, start, end]) => {
    const doc = docAt(d);
    return { docId: doc.id, start, end, text: doc.text.slice(start, end) };
  });
  const lexical = new Bm25Index(bm25);
  const rows = rowQueries(documents, passages, sentences);
  const sentenceVector = (i: number) => sentenceVectors.row(i);

  const loaded: Store = {
    ...rows,
    version: manifest.version,
    manifest,
    suggestions,
    searchDense: async (vector, k, options: DenseSearch) =>
      options.exact ? searchExact(passageVectors, vector, k) : searchHnsw(hnsw, vector, k, options.efSearch),
    searchLexical: async (terms, k) => lexical.search(terms, k),
    term: (term) => ({ idf: lexical.idf(term), present: lexical.has(term) }),
    vocabulary: () => lexical.terms(),
    sentenceVectors: async (indices) => vectorSet(new Map([...indices].map((i) => [i, sentenceVector(i)])), dims),
    storedDocument: async (docId) => {
      if (!rows.document(docId)) return undefined;
      const p = rows.passagesOf(docId);
      const s = rows.sentencesOf(docId);
      return {
        passages: passages.slice(p.from, p.to).map((passage, k) => [passage, passageVectors.row(p.from + k)] as const),
        sentences: sentences.slice(s.from, s.to).map((sentence, k) => [sentence, sentenceVector(s.from + k)] as const),
      };
    },
  };
  passageVectors.closeWith(loaded);
  sentenceVectors.closeWith(loaded);
  return loaded;
}

/** The `k` rows nearest to `query` by a full scan, best first. */
function searchExact(vectors: VectorRows, query: Float32Array, k: number): Scored[] {
  const scored: Scored[] = [];
  for (let i = 0; i < vectors.rows; i++) scored.push({ index: i, score: dot(query, vectors.row(i)) });
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}
