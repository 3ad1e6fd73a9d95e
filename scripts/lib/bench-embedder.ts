/**
 * The embedder on its own: the ONNX model against the package's tfjs model on
 * every sentence of the public corpora (same vectors? how much faster?), and a
 * large upload indexed while questions are embedded beside it (does a
 * question wait for the build?).
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chunkDocument } from '@/lib/chunking';
import { type Config, loadConfig } from '@/lib/config';
import { loadCorpus } from '@/lib/corpus';
import { createEmbedder, dot, type Embedder, sharedEmbedder } from '@/lib/embeddings';
import { publicSuites } from '@/lib/eval/suites';
import { addDocuments } from '@/lib/pipeline/add-documents';
import { buildIndex } from '@/lib/pipeline/build-index';
import { readCurrentManifest } from '@/lib/store';
import { writeMiniLmShaped } from './minilm-shaped';
import { buildScaleCorpus } from './scale-corpus';
import { type Percentiles, percentiles } from './stats';
import { type BatchEmbed, tfjsUseLite } from './tfjs-use-lite';

const MINILM_ID = 'bench/minilm-shaped';

export interface EqualityBench {
  /** Every sentence of the articles and of the domain-dev documents. */
  readonly texts: number;
  readonly batchSize: number;
  readonly onnxThreads: number;
  readonly onnxTextsPerSecond: number;
  readonly tfjsTextsPerSecond: number;
  readonly minCosine: number;
  /** Texts whose two vectors have a cosine under 0.9999. */
  readonly below: number;
  /** use-lite and a MiniLM-shaped BERT (the default transformers.js model's size) through the transformers.js family. */
  readonly models: readonly ModelSpeed[];
}

/** One model's speed on the sentences of the equality run, in this process. */
export interface ModelSpeed {
  readonly model: string;
  readonly dimensions: number;
  readonly textsPerSecond: number;
  /** One question at a time. */
  readonly query: Percentiles;
}

export interface LargeUploadBench {
  readonly bytes: number;
  readonly passages: number;
  readonly sentences: number;
  /** From the upload call to the new version in service. */
  readonly indexMs: number;
  readonly queryIdle: Percentiles;
  readonly queryDuringBuild: Percentiles;
}

async function sentencesOf(corpusDir: string, config: Config): Promise<string[]> {
  const corpus = await loadCorpus(corpusDir, config.extraction);
  return corpus.documents.flatMap((d) => chunkDocument(d, config.chunking).sentences.map((s) => s.text));
}

async function timed(embed: BatchEmbed, texts: readonly string[], batchSize: number): Promise<{ vectors: Float32Array[]; ms: number }> {
  await embed(texts.slice(0, batchSize)); // the first call pays for setup
  const vectors: Float32Array[] = [];
  const started = performance.now();
  for (let i = 0; i < texts.length; i += batchSize) vectors.push(...(await embed(texts.slice(i, i + batchSize))));
  return { vectors, ms: performance.now() - started };
}

export async function benchEquality(config: Config, log: (line: string) => void): Promise<EqualityBench> {
  const texts: string[] = [];
  const corpora = [...new Set(publicSuites().map((s) => s.corpus))];
  for (const corpus of corpora) texts.push(...(await sentencesOf(corpus, config)));
  const { batchSize } = config.embeddings;
  const onnx = await createEmbedder({ family: 'use-lite' }, { ...config.embeddings, modelsDir: config.paths.modelsDir });
  const ours = await timed((batch) => onnx.embed(batch), texts, batchSize);
  log(`onnx: ${texts.length} sentences in ${(ours.ms / 1000).toFixed(1)} s`);
  const reference = await timed(await tfjsUseLite(), texts, batchSize);
  log(`tfjs: ${texts.length} sentences in ${(reference.ms / 1000).toFixed(1)} s`);
  const cosines = ours.vectors.map((v, i) => dot(v, reference.vectors[i] ?? new Float32Array(v.length)));
  const minilm = await miniLmShaped(config, texts);
  const models = [
    await modelSpeed('use-lite', onnx, texts, batchSize),
    await modelSpeed('MiniLM-shaped BERT (6 × 384)', minilm, texts, batchSize),
  ];
  for (const m of models) log(`${m.model}: ${m.textsPerSecond.toFixed(1)} texts/s, one question p50 ${m.query.p50.toFixed(2)} ms`);
  return {
    texts: texts.length,
    batchSize,
    onnxThreads: config.embeddings.threads,
    onnxTextsPerSecond: texts.length / (ours.ms / 1000),
    tfjsTextsPerSecond: texts.length / (reference.ms / 1000),
    minCosine: Math.min(...cosines),
    below: cosines.filter((c) => c < 0.9999).length,
    models,
  };
}

/** The MiniLM-shaped model, written into bench/cache with a vocabulary seeded by the texts' most frequent words. */
async function miniLmShaped(config: Config, texts: readonly string[]): Promise<Embedder> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const modelsDir = path.resolve('bench', 'cache', 'models');
  await writeMiniLmShaped(modelsDir, MINILM_ID, words);
  return createEmbedder({ family: 'transformers', model: MINILM_ID }, { ...config.embeddings, modelsDir, allowRemoteModels: false });
}

async function modelSpeed(model: string, embedder: Embedder, texts: readonly string[], batchSize: number): Promise<ModelSpeed> {
  const { ms } = await timed((batch) => embedder.embed(batch), texts, batchSize);
  const latencies: number[] = [];
  for (const text of texts.slice(0, 200)) {
    const started = performance.now();
    await embedder.embed([text]);
    latencies.push(performance.now() - started);
  }
  return { model, dimensions: embedder.dimensions, textsPerSecond: texts.length / (ms / 1000), query: percentiles(latencies) };
}

/** About `bytes` of real text from this machine in one plain-text document. */
async function largeText(bytes: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-large-'));
  try {
    await buildScaleCorpus(dir, Math.ceil(bytes / 1024), { min: 1024, max: 4096 });
    let text = '';
    for (const file of (await readdir(dir)).sort()) {
      if (text.length >= bytes) break;
      text += `${await readFile(path.join(dir, file), 'utf8')}\n\n`;
    }
    return text.slice(0, bytes);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function queryLatencies(
  embed: (text: string) => Promise<unknown>,
  questions: readonly string[],
  until: () => boolean,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; !until(); i++) {
    const started = performance.now();
    await embed(questions[i % questions.length] ?? 'question');
    samples.push(performance.now() - started);
    // A question every 20 ms, about what a busy server sees, not a loop that starves the build.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return samples;
}

/**
 * Uploads one `bytes`-sized text into a copy of the articles' index, as the
 * upload route does, and embeds questions on the query lane before and during
 * the build.
 */
export async function benchLargeUpload(
  base: Config,
  bytes: number,
  questions: readonly string[],
  log: (line: string) => void,
): Promise<LargeUploadBench> {
  const work = await mkdtemp(path.join(tmpdir(), 'bench-upload-'));
  try {
    const corpusDir = path.join(work, 'corpus');
    await cp(base.paths.corpusDir, corpusDir, { recursive: true });
    const config = loadConfig({
      ...process.env,
      CORPUS_DIR: corpusDir,
      INDEX_DIR: path.join(work, 'index'),
      MODELS_DIR: base.paths.modelsDir,
      EMBEDDER: 'use-lite',
    });
    const before = (await buildIndex(config)).manifest.counts;
    const staged = path.join(work, 'large.txt');
    const text = await largeText(bytes);
    await writeFile(staged, text);

    const query = await sharedEmbedder({ family: 'use-lite' }, { ...config.embeddings, modelsDir: config.paths.modelsDir });
    const embedOne = (q: string) => query.embed([q]);
    const idleUntil = performance.now() + 5000;
    const idle = await queryLatencies(embedOne, questions, () => performance.now() > idleUntil);

    let done = false;
    const started = performance.now();
    const upload = addDocuments(config, [{ name: 'large.txt', path: staged, bytes: Buffer.byteLength(text), tooLarge: false }]).finally(
      () => {
        done = true;
      },
    );
    const during = await queryLatencies(embedOne, questions, () => done);
    const result = await upload;
    const indexMs = performance.now() - started;
    if (!result.index?.embedded) throw new Error(`the upload was not indexed: ${JSON.stringify(result.results)}`);
    const after = (await readCurrentManifest(config.paths.indexDir)).counts;
    log(`a ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB text indexed in ${(indexMs / 1000).toFixed(1)} s`);
    return {
      bytes: Buffer.byteLength(text),
      passages: after.passages - before.passages,
      sentences: after.sentences - before.sentences,
      indexMs,
      queryIdle: percentiles(idle),
      queryDuringBuild: percentiles(during),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
