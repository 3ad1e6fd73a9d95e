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
import { createEmbedder, dot, sharedEmbedder } from '@/lib/embeddings';
import { publicSuites } from '@/lib/eval/suites';
import { addDocuments } from '@/lib/pipeline/add-documents';
import { buildIndex } from '@/lib/pipeline/build-index';
import { readCurrentManifest } from '@/lib/store';
import { buildScaleCorpus } from './scale-corpus';
import { type Percentiles, percentiles } from './stats';
import { type BatchEmbed, tfjsUseLite } from './tfjs-use-lite';

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
  return {
    texts: texts.length,
    batchSize,
    onnxThreads: config.embeddings.threads,
    onnxTextsPerSecond: texts.length / (ours.ms / 1000),
    tfjsTextsPerSecond: texts.length / (reference.ms / 1000),
    minCosine: Math.min(...cosines),
    below: cosines.filter((c) => c < 0.9999).length,
  };
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
