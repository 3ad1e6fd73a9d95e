/**
 * `npm run bench -- --incremental`: on a corpus of real text (1,000+ documents),
 * the time of a full build against the time of adding one document.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@/lib/config';
import { buildIndex } from '@/lib/pipeline/build-index';
import { buildScaleCorpus, scaleName } from './scale-corpus';
import { sparseProgress } from './stats';

export interface IncrementalResult {
  readonly documents: number;
  readonly bytes: number;
  readonly passages: number;
  readonly sentences: number;
  readonly fullMs: number;
  readonly addOneMs: number;
  readonly ratio: number;
}

export async function benchIncremental(documents: number, log: (line: string) => void): Promise<IncrementalResult> {
  const work = await mkdtemp(path.join(tmpdir(), 'corpus-chat-bench-'));
  try {
    const corpusDir = path.join(work, 'corpus');
    await mkdir(corpusDir);
    const corpus = await buildScaleCorpus(corpusDir, documents, { min: 1024, max: 4096 });
    log(`scale corpus: ${corpus.documents} documents, ${(corpus.bytes / 1024 / 1024).toFixed(1)} MB of text from this machine`);
    const config = loadConfig({ ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, 'index'), EMBEDDER: 'use-lite' });
    let started = performance.now();
    const full = await buildIndex(config, { onProgress: sparseProgress(log, 15_000) });
    const fullMs = performance.now() - started;
    log(
      `full build: ${(fullMs / 1000).toFixed(1)} s (${full.manifest.counts.passages} passages, ${full.manifest.counts.sentences} sentences)`,
    );

    const extra = corpus.spare[0];
    if (!extra) throw new Error('no spare document to add');
    await copyFile(extra, path.join(corpusDir, scaleName(corpus.documents, extra)));
    started = performance.now();
    const added = await buildIndex(config, {});
    const addOneMs = performance.now() - started;
    log(
      `add one document: ${(addOneMs / 1000).toFixed(2)} s (embedded ${added.embedded}, ${added.changes.added.length} added, ${added.changes.unchanged.length} unchanged)`,
    );
    return {
      documents: corpus.documents,
      bytes: corpus.bytes,
      passages: full.manifest.counts.passages,
      sentences: full.manifest.counts.sentences,
      fullMs,
      addOneMs,
      ratio: addOneMs / fullMs,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
