/**
 * The build pipeline: corpus → cleaned documents → passages and sentences →
 * vectors → published index. Incremental by default: a document whose bytes
 * hash as before keeps its passages and vectors from the previous index; only
 * new and changed documents are embedded. A change of embedder, chunking or
 * text processing makes it a full rebuild, and it says why.
 */
import { chunkDocument } from '../chunking';
import { loadPolicy } from '../answer/policy';
import { chooseSuggestions } from '../answer/suggestions';
import type { CleaningProfile, Config } from '../config';
import { type CorpusDocument, loadCorpus, type SkippedFile, sweepStaging, usualExtensions } from '../corpus';
import { chooseEmbedder, sharedEmbedder, type Embedder } from '../embeddings';
import { AppError, isAppError } from '../errors';
import { type LockWait, type Manifest, type StagedVersionHook, type Store, type StoredDocument, storeBackend } from '../store';
import { createRetriever } from '../retrieval';

/** Version of cleaning, sentence splitting and chunking: bump it when their output changes. */
export const TEXT_PIPELINE = 4;

export type BuildPhase = 'embedding passages' | 'embedding sentences';

export interface BuildChanges {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  readonly unchanged: string[];
}

export interface BuildEvents {
  /** A long step of reading one file began (an OCR page of a scanned PDF). */
  onReading?(info: { id: string; step: string }): void;
  onCorpus?(info: { documents: number; skipped: readonly SkippedFile[] }): void;
  onEmbedder?(info: { id: string; dimensions: number; reason: string }): void;
  onPlan?(info: { changes: BuildChanges; fullRebuild?: string }): void;
  onProgress?(info: { phase: BuildPhase; done: number; total: number }): void;
  onLockWait?: LockWait;
}

export interface BuildOptions {
  /** Re-embed everything even when the previous index could be reused. */
  readonly full?: boolean;
  /** How long to wait for another build to finish; 0 gives up at once. */
  readonly lockWaitMs?: number;
  /** Documents indexed as if they were in the corpus folder already (uploads, placed once the build succeeds). */
  readonly extra?: readonly CorpusDocument[];
  /** Documents of the corpus folder indexed as if they were gone (deletions, whose files go once the build succeeds). */
  readonly without?: readonly string[];
  /** Vectors computed before the build (see embedAhead), used for the texts they cover. */
  readonly precomputed?: Precomputed;
}

/** Vectors by text, from one embedder: what a build would compute for these texts, done earlier. */
export interface Precomputed {
  readonly embedderId: string;
  readonly vectors: ReadonlyMap<string, Float32Array>;
}

export interface BuildResult {
  readonly manifest: Manifest;
  /** Where the version was published (see StoreBackend.location). */
  readonly location: string;
  /** Time spent in the embedder alone, the floor of a build's cost. */
  readonly embedMs: number;
  readonly changes: BuildChanges;
  /** Documents whose passages were embedded in this build. */
  readonly embedded: number;
  /** Why everything was re-embedded, when it was. */
  readonly fullRebuild?: string;
  /** Nothing changed: the previous version stays live and no new one was written. */
  readonly upToDate: boolean;
}

interface Previous {
  /** The previous index, when it could be read: what the corpus is compared with. */
  readonly index?: Store;
  /** Set when its vectors can be reused. */
  readonly reusable?: Store;
  /** Why they cannot, otherwise. */
  readonly reason?: string;
}

async function previousIndex(opening: Promise<Store>, config: Config, embedder: Embedder, full: boolean): Promise<Previous> {
  let index: Store;
  try {
    index = await opening;
  } catch (error) {
    if (isAppError(error) && error.code === 'index_missing') return { reason: 'there is no previous index' };
    const message = isAppError(error) ? error.problem : error instanceof Error ? error.message : String(error);
    return { reason: `the previous index cannot be reused (${message})` };
  }
  const { embedder: before, chunking } = index.manifest;
  if (full) return { index, reason: '--full was given' };
  if (before.id !== embedder.id || before.dimensions !== embedder.dimensions) {
    return { index, reason: `the embedder changed (${before.id}, ${before.dimensions}-d → ${embedder.id}, ${embedder.dimensions}-d)` };
  }
  if (chunking.maxWords !== config.chunking.maxWords || chunking.overlapWords !== config.chunking.overlapWords) {
    return {
      index,
      reason: `chunking changed (${chunking.maxWords}/${chunking.overlapWords} → ${config.chunking.maxWords}/${config.chunking.overlapWords} words)`,
    };
  }
  if (chunking.pipeline !== TEXT_PIPELINE)
    return { index, reason: `text processing changed (version ${chunking.pipeline} → ${TEXT_PIPELINE})` };
  if (chunking.cleaning !== config.extraction.cleaning)
    return { index, reason: `cleaning changed (${chunking.cleaning} → ${config.extraction.cleaning})` };
  return { index, reusable: index };
}

function plan(documents: readonly CorpusDocument[], previous: Store | undefined): BuildChanges {
  const before = new Map(previous?.documents.map((d) => [d.id, d.hash]) ?? []);
  const now = new Set(documents.map((d) => d.id));
  const changes: BuildChanges = { added: [], changed: [], removed: [], unchanged: [] };
  for (const doc of documents) {
    const hash = before.get(doc.id);
    if (hash === undefined) changes.added.push(doc.id);
    else if (hash === doc.hash) changes.unchanged.push(doc.id);
    else changes.changed.push(doc.id);
  }
  for (const id of before.keys()) if (!now.has(id)) changes.removed.push(id);
  return changes;
}

async function embedAll(
  embedder: Embedder,
  texts: readonly string[],
  batchSize: number,
  report: (done: number) => void,
  ready?: ReadonlyMap<string, Float32Array>,
): Promise<Float32Array[]> {
  const missing = ready ? texts.filter((t) => !ready.has(t)) : texts;
  const reused = texts.length - missing.length;
  // Texts of like length share a model call: a call pads every text to its longest, so a batch that mixes
  // headings with long sentences computes the long one's length for each of them.
  const order = missing.map((_, i) => i).sort((a, b) => (missing[a] as string).length - (missing[b] as string).length);
  const vectors: Float32Array[] = new Array(missing.length);
  let done = 0;
  if (texts.length > 0) report(reused);
  for (let i = 0; i < order.length; i += batchSize) {
    const batch = order.slice(i, i + batchSize);
    const embedded = await embedder.embed(batch.map((k) => missing[k] as string));
    batch.forEach((k, j) => {
      vectors[k] = embedded[j] as Float32Array;
    });
    done += batch.length;
    report(reused + done);
  }
  if (!ready) return vectors;
  const computed = new Map(missing.map((t, i) => [t, vectors[i] as Float32Array]));
  return texts.map((t) => (ready.get(t) ?? computed.get(t)) as Float32Array);
}

function embedderFor(config: Config) {
  const options = { ...config.embeddings, modelsDir: config.paths.modelsDir };
  return chooseEmbedder(options).then(async (choice) => ({ choice, embedder: await sharedEmbedder(choice.spec, options, 'build') }));
}

/**
 * The vectors a build would compute for these documents' passages and
 * sentences, computed now, without the build lock: an upload embeds its
 * documents (the bulk of its time) while other builds run, and holds the
 * lock only to write the index.
 */
export async function embedAhead(config: Config, documents: readonly CorpusDocument[]): Promise<Precomputed> {
  const { embedder } = await embedderFor(config);
  const texts = new Set<string>();
  for (const doc of documents) {
    const chunked = chunkDocument(doc, config.chunking);
    for (const unit of [...chunked.passages, ...chunked.sentences]) texts.add(unit.text);
  }
  const list = [...texts];
  const vectors = await embedAll(embedder, list, config.embeddings.batchSize, () => undefined);
  return { embedderId: embedder.id, vectors: new Map(list.map((t, i) => [t, vectors[i] as Float32Array])) };
}

/** The cleaned documents of the version in service by id, when it cleaned text as this build would: what need not be parsed again. */
async function parsedBefore(opening: Promise<Store>, cleaning: CleaningProfile): Promise<Map<string, CorpusDocument>> {
  const store = await opening.catch(() => undefined);
  if (store?.manifest.chunking.pipeline !== TEXT_PIPELINE || store.manifest.chunking.cleaning !== cleaning) return new Map();
  return new Map(store.documents.map((d) => [d.id, d]));
}

/** The documents of the version in service, as a build from the store starts from them; none before the first. */
async function inService(opening: Promise<Store>): Promise<{ documents: readonly CorpusDocument[]; skipped: readonly SkippedFile[] }> {
  try {
    const store = await opening;
    return { documents: store.documents, skipped: store.manifest.skipped };
  } catch (error) {
    if (isAppError(error) && error.code === 'index_missing') return { documents: [], skipped: [] };
    throw error;
  }
}

/** A build for a caller that holds the build lock (buildIndex, or withBuildLock around more work). */
export async function buildHoldingLock(config: Config, events: BuildEvents = {}, options: BuildOptions = {}): Promise<BuildResult> {
  const startedAt = Date.now();
  await sweepStaging(config);
  // The model loads (a worker, a session) and the version in service opens while the corpus is read.
  const loading = embedderFor(config);
  loading.catch(() => undefined);
  const backend = storeBackend(config);
  const opening = backend.open();
  opening.catch(() => undefined);
  // An upload or a deletion changes the documents in service. Where the store is the record of them (a database
  // several servers share, each with its own folder), that is where such a build starts; otherwise, and for
  // `npm run index`, the corpus folder is the record and the index is made to match it.
  const fromStore = backend.holdsDocuments && (options.extra !== undefined || options.without !== undefined);
  const source = fromStore
    ? await inService(opening)
    : await loadCorpus(
        config.paths.corpusDir,
        config.extraction,
        options.full ? new Map() : await parsedBefore(opening, config.extraction.cleaning),
        (id, step) => events.onReading?.({ id, step }),
      );
  const skipped = source.skipped;
  const gone = new Set(options.without ?? []);
  const documents = [...source.documents.filter((d) => !gone.has(d.id)), ...(options.extra ?? [])].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  events.onCorpus?.({ documents: documents.length, skipped });
  if (documents.length === 0) {
    throw new AppError(
      'corpus_empty',
      `No indexable documents in ${config.paths.corpusDir} (${usualExtensions()}). Add some and run \`npm run index\` again.`,
    );
  }

  const { choice, embedder } = await loading;
  const ready = options.precomputed?.embedderId === embedder.id ? options.precomputed.vectors : undefined;
  events.onEmbedder?.({ id: embedder.id, dimensions: embedder.dimensions, reason: choice.reason });

  const previous = await previousIndex(opening, config, embedder, options.full ?? false);
  const { reusable, reason: fullRebuild } = previous;
  const changes = plan(documents, previous.index);
  events.onPlan?.({ changes, ...(fullRebuild ? { fullRebuild } : {}) });
  const keep = new Set(reusable ? changes.unchanged.filter((id) => reusable.document(id)) : []);
  const sameSkipped = JSON.stringify(reusable?.manifest.skipped) === JSON.stringify(skipped);
  if (reusable && changes.added.length + changes.changed.length + changes.removed.length === 0 && sameSkipped) {
    return { manifest: reusable.manifest, location: backend.location, embedMs: 0, changes, embedded: 0, upToDate: true };
  }

  // The new and changed documents' rows; the others are kept from the previous version by the store.
  const chunked = documents.filter((d) => !keep.has(d.id)).map((d) => [d.id, chunkDocument(d, config.chunking)] as const);
  const { batchSize } = config.embeddings;
  const embedStarted = Date.now();
  const embedPhase = async (phase: BuildPhase, texts: readonly string[]) =>
    embedAll(embedder, texts, batchSize, (done) => events.onProgress?.({ phase, done, total: texts.length }), ready);
  const passageVectors = await embedPhase(
    'embedding passages',
    chunked.flatMap(([, c]) => c.passages.map((p) => p.text)),
  );
  const sentenceVectors = await embedPhase(
    'embedding sentences',
    chunked.flatMap(([, c]) => c.sentences.map((p) => p.text)),
  );
  const embedMs = Date.now() - embedStarted;
  const fresh = new Map<string, StoredDocument>();
  let [p, q] = [0, 0];
  for (const [id, c] of chunked) {
    fresh.set(id, {
      passages: c.passages.map((row) => [row, passageVectors[p++] as Float32Array] as const),
      sentences: c.sentences.map((row) => [row, sentenceVectors[q++] as Float32Array] as const),
    });
  }

  // A document kept from the previous index keeps the time it was first indexed; older manifests only have their own.
  const indexedAt = new Map(
    reusable
      ? reusable.manifest.documents.filter((d) => keep.has(d.id)).map((d) => [d.id, d.indexedAt ?? reusable.manifest.createdAt] as const)
      : [],
  );
  const manifest = await backend.write(
    {
      documents,
      indexedAt,
      skipped,
      fresh,
      ...(reusable ? { previous: reusable } : {}),
      embedder: { id: embedder.id, dimensions: embedder.dimensions, reason: choice.reason },
      chunking: { ...config.chunking, pipeline: TEXT_PIPELINE, cleaning: config.extraction.cleaning },
      hnsw: { m: config.hnsw.m, efConstruction: config.hnsw.efConstruction },
      startedAt,
    },
    suggestionsFor(config, embedder),
  );
  const embedded = reusable ? changes.added.length + changes.changed.length : documents.length;
  return {
    manifest,
    location: backend.location,
    embedMs,
    changes,
    embedded,
    upToDate: false,
    ...(fullRebuild ? { fullRebuild } : {}),
  };
}

/** Chooses the suggested questions from the new version before it is published, answering each with the builder's embedder. */
function suggestionsFor(config: Config, embedder: Embedder): StagedVersionHook {
  return async (staged) => {
    const retriever = createRetriever(staged, embedder, { ...config.retrieval, efSearch: config.hnsw.efSearch });
    return { suggestions: await chooseSuggestions({ retriever, config, policy: loadPolicy(config.answer.policyFile) }) };
  };
}

/** Runs `work` holding the build lock of the index, so builds (and what must happen between them) never interleave. */
export function withBuildLock<T>(config: Config, waitMs: number, work: () => Promise<T>, onLockWait?: LockWait): Promise<T> {
  return storeBackend(config).exclusive(waitMs, work, onLockWait);
}

/** Builds the index under the build lock, so concurrent builds never interleave. */
export function buildIndex(config: Config, events: BuildEvents = {}, options: BuildOptions = {}): Promise<BuildResult> {
  return withBuildLock(config, options.lockWaitMs ?? 0, () => buildHoldingLock(config, events, options), events.onLockWait);
}
