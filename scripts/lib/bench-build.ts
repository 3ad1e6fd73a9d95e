/**
 * Build cost against its floor: a full build of the scale corpus, then, in the
 * same run, the embedder alone on exactly the texts the build embedded.
 */
import { chunkDocument } from '@/lib/chunking';
import type { Config } from '@/lib/config';
import { loadCorpus } from '@/lib/corpus';
import { sharedEmbedder, specFromId } from '@/lib/embeddings';
import { buildIndex } from '@/lib/pipeline/build-index';
import { benchMemory, type MemoryBench } from './bench-memory';
import { sparseProgress } from './stats';

export interface BuildBench {
  readonly documents: number;
  readonly bytes: number;
  readonly passages: number;
  readonly sentences: number;
  readonly buildMs: number;
  readonly passagesPerSecond: number;
  readonly peakRssMb: number;
  readonly floorMs: number;
  /** build / floor */
  readonly ratio: number;
  readonly memory: MemoryBench;
}

export async function benchBuild(config: Config, bytes: number, log: (line: string) => void): Promise<BuildBench> {
  let started = performance.now();
  const build = await buildIndex(config, { onProgress: sparseProgress(log, 30_000) }, { full: true });
  const buildMs = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const { passages, sentences, documents } = build.manifest.counts;
  log(`full build: ${(buildMs / 1000).toFixed(1)} s for ${documents} documents, ${passages} passages, ${sentences} sentences`);

  // The floor: the same texts through the embedder the build used (the process's one model, in its worker), nothing else.
  const corpus = await loadCorpus(config.paths.corpusDir, config.extraction);
  const texts: string[] = [];
  const sentenceTexts: string[] = [];
  for (const doc of corpus.documents) {
    const chunked = chunkDocument(doc, config.chunking);
    texts.push(...chunked.passages.map((p) => p.text));
    sentenceTexts.push(...chunked.sentences.map((s) => s.text));
  }
  const spec = specFromId(build.manifest.embedder.id);
  if (!spec) throw new Error(`unknown embedder ${build.manifest.embedder.id}`);
  const embedder = await sharedEmbedder(spec, { ...config.embeddings, modelsDir: config.paths.modelsDir }, 'build');
  started = performance.now();
  for (const list of [texts, sentenceTexts]) {
    // In order of length, as the build embeds them.
    const sorted = [...list].sort((a, b) => a.length - b.length);
    for (let i = 0; i < sorted.length; i += config.embeddings.batchSize)
      await embedder.embed(sorted.slice(i, i + config.embeddings.batchSize));
  }
  const floorMs = performance.now() - started;
  log(`embedder alone on the same ${texts.length + sentenceTexts.length} texts: ${(floorMs / 1000).toFixed(1)} s`);
  return {
    documents,
    bytes,
    passages,
    sentences,
    buildMs,
    passagesPerSecond: passages / (buildMs / 1000),
    peakRssMb,
    floorMs,
    ratio: buildMs / floorMs,
    memory: await benchMemory(config.paths.indexDir),
  };
}
