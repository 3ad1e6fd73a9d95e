/**
 * The build pipeline: corpus → cleaned documents → passages and sentences →
 * vectors → published index. Each stage is its own module; this file only
 * wires them together and reports progress.
 */
import { chunkDocument, type Passage, type Sentence } from '../chunking';
import type { Config } from '../config';
import { loadCorpus, type SkippedFile } from '../corpus';
import { chooseEmbedder, createEmbedder, type Embedder } from '../embeddings';
import { AppError } from '../errors';
import { toMatrix, writeIndex, type Manifest, type Matrix } from '../index';

export type BuildPhase = 'embedding passages' | 'embedding sentences';

export interface BuildEvents {
  onCorpus?(info: { documents: number; skipped: readonly SkippedFile[] }): void;
  onEmbedder?(info: { id: string; dimensions: number; reason: string }): void;
  onProgress?(info: { phase: BuildPhase; done: number; total: number }): void;
}

export interface BuildResult {
  readonly manifest: Manifest;
  readonly indexDir: string;
  /** Time spent in the embedder alone, the floor of a build's cost. */
  readonly embedMs: number;
}

async function embedAll(embedder: Embedder, texts: readonly string[], batchSize: number, report: (done: number) => void): Promise<Matrix> {
  const vectors: Float32Array[] = [];
  report(0);
  for (let i = 0; i < texts.length; i += batchSize) {
    vectors.push(...(await embedder.embed(texts.slice(i, i + batchSize))));
    report(vectors.length);
  }
  return toMatrix(vectors, embedder.dimensions);
}

export async function buildIndex(config: Config, events: BuildEvents = {}): Promise<BuildResult> {
  const startedAt = Date.now();
  const { documents, skipped } = await loadCorpus(config.paths.corpusDir);
  events.onCorpus?.({ documents: documents.length, skipped });
  if (documents.length === 0) {
    throw new AppError('corpus_empty', `No indexable documents in ${config.paths.corpusDir} (.txt, .md, .html). Add some and run \`npm run index\` again.`);
  }

  const choice = await chooseEmbedder({ ...config.embeddings, modelsDir: config.paths.modelsDir });
  const embedder = await createEmbedder(choice.spec, { ...config.embeddings, modelsDir: config.paths.modelsDir });
  events.onEmbedder?.({ id: embedder.id, dimensions: embedder.dimensions, reason: choice.reason });

  const passages: Passage[] = [];
  const sentences: Sentence[] = [];
  for (const doc of documents) {
    const chunked = chunkDocument(doc, config.chunking);
    passages.push(...chunked.passages);
    sentences.push(...chunked.sentences);
  }

  const { batchSize } = config.embeddings;
  const embedStarted = Date.now();
  const passageVectors = await embedAll(embedder, passages.map((p) => p.text), batchSize, (done) =>
    events.onProgress?.({ phase: 'embedding passages', done, total: passages.length }),
  );
  const sentenceVectors = await embedAll(embedder, sentences.map((s) => s.text), batchSize, (done) =>
    events.onProgress?.({ phase: 'embedding sentences', done, total: sentences.length }),
  );

  const embedMs = Date.now() - embedStarted;

  const manifest = await writeIndex(config.paths.indexDir, {
    documents,
    skipped,
    passages,
    sentences,
    passageVectors,
    sentenceVectors,
    embedder: { id: embedder.id, dimensions: embedder.dimensions, reason: choice.reason },
    chunking: { ...config.chunking },
    hnsw: { m: config.hnsw.m, efConstruction: config.hnsw.efConstruction },
    startedAt,
  });
  return { manifest, indexDir: config.paths.indexDir, embedMs };
}
