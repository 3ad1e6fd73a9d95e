/**
 * A peer in the benchmark: what a developer would build instead with
 * LangChain.js at its defaults (RecursiveCharacterTextSplitter 1000/200, the
 * HNSWLib store, similaritySearch top 5), on the same model through a small
 * Embeddings adapter, against our build and retrieval on the same corpus and
 * questions. Each side runs in a process of its own (`node … bench-peer.ts
 * --side ours|peer`), so its peak RSS is its own. LangChain lives in
 * bench/peer with its own lock file, installed on first use; the app never
 * depends on it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '@/lib/config';
import { loadCorpus } from '@/lib/corpus';
import { createEmbedder, type Embedder, sharedEmbedder } from '@/lib/embeddings';
import { type EvalEntry, loadEvalSet, requestOf } from '@/lib/eval/dataset';
import { firstHitRank, retrievable } from '@/lib/eval/retrieval';
import { buildIndex } from '@/lib/pipeline/build-index';
import { createRetriever, queryOf } from '@/lib/retrieval';
import { openIndex } from '@/lib/store';
import { type Percentiles, percentiles } from './stats';

const PEER_DIR = path.resolve('bench', 'peer');
const K = 5;
const LATENCY_PASSES = 5;

export interface SideResult {
  readonly buildMs: number;
  readonly peakRssMb: number;
  readonly retrieve: Percentiles;
  readonly questions: number;
  readonly hitAt1: number;
  readonly hitAt5: number;
}

interface Found {
  readonly docId: string;
  readonly text: string;
}

interface Side {
  build(): Promise<void>;
  search(entry: EvalEntry): Promise<readonly Found[]>;
  /** Removes what the side wrote. */
  dispose?(): Promise<void>;
}

async function score(side: Side, entries: readonly EvalEntry[]): Promise<SideResult> {
  const started = performance.now();
  await side.build();
  const buildMs = performance.now() - started;
  const answerable = entries.filter(retrievable);
  const latencies: number[] = [];
  const ranks: number[] = [];
  for (const entry of answerable) ranks.push(firstHitRank((await side.search(entry)).slice(0, K), entry));
  // Latency over several passes of the questions, warm, so a p95 rests on a few hundred samples.
  for (let pass = 0; pass < LATENCY_PASSES; pass++) {
    for (const entry of answerable) {
      const t = performance.now();
      await side.search(entry);
      latencies.push(performance.now() - t);
    }
  }
  const share = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / (ranks.length || 1);
  await side.dispose?.();
  return {
    buildMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    retrieve: percentiles(latencies),
    questions: answerable.length,
    hitAt1: share(1),
    hitAt5: share(5),
  };
}

/** Ours: the product's full build into a fresh index, then hybrid retrieval of the standalone query. */
async function ours(corpusDir: string, modelsDir: string): Promise<Side> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'bench-peer-ours-'));
  const config = loadConfig({ ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, MODELS_DIR: modelsDir, EMBEDDER: 'use-lite' });
  let retrieve: ((entry: EvalEntry) => Promise<readonly Found[]>) | undefined;
  return {
    async build() {
      await buildIndex(config, {}, { full: true });
      const index = await openIndex(indexDir);
      const embedder = await sharedEmbedder({ family: 'use-lite' }, { ...config.embeddings, modelsDir });
      const retriever = createRetriever(index, embedder, { ...config.retrieval, efSearch: config.hnsw.efSearch });
      retrieve = (entry) => retriever.retrieve(queryOf(requestOf(entry)), { k: K });
    },
    search: (entry) => {
      if (!retrieve) throw new Error('search before build');
      return retrieve(entry);
    },
    dispose: () => rm(indexDir, { recursive: true, force: true }),
  };
}

/** The parts of LangChain.js the peer uses; its packages are not the app's, so their types are not either. */
interface LangChain {
  readonly RecursiveCharacterTextSplitter: new (
    options?: object,
  ) => {
    splitDocuments(docs: readonly object[]): Promise<object[]>;
  };
  readonly Document: new (fields: { pageContent: string; metadata: Record<string, unknown> }) => object;
  readonly Embeddings: new (params: object) => object;
  readonly HNSWLib: {
    fromDocuments(
      docs: readonly object[],
      embeddings: object,
    ): Promise<{
      similaritySearch(query: string, k: number): Promise<{ pageContent: string; metadata: Record<string, unknown> }[]>;
    }>;
  };
}

function langChain(): LangChain {
  const require = createRequire(path.join(PEER_DIR, 'package.json'));
  return {
    RecursiveCharacterTextSplitter: require('@langchain/textsplitters').RecursiveCharacterTextSplitter,
    Document: require('@langchain/core/documents').Document,
    Embeddings: require('@langchain/core/embeddings').Embeddings,
    HNSWLib: require('@langchain/community/vectorstores/hnswlib').HNSWLib,
  };
}

/**
 * The peer: the same cleaned documents (so both sides read the same text), split, embedded through an
 * Embeddings adapter over the same use-lite model in this process, stored in HNSWLib; each question is
 * searched as asked, its last turn.
 */
async function peer(corpusDir: string, modelsDir: string): Promise<Side> {
  const lc = langChain();
  const config = loadConfig({ ...process.env, CORPUS_DIR: corpusDir, MODELS_DIR: modelsDir });
  let model: Embedder | undefined;
  const loaded = () => {
    if (!model) throw new Error('embedding before build');
    return model;
  };
  class UseLiteEmbeddings extends lc.Embeddings {
    async embedDocuments(texts: string[]): Promise<number[][]> {
      return (await loaded().embed(texts)).map((v) => Array.from(v));
    }
    async embedQuery(text: string): Promise<number[]> {
      const [v] = await loaded().embed([text]);
      return Array.from(v ?? []);
    }
  }
  let store: Awaited<ReturnType<LangChain['HNSWLib']['fromDocuments']>> | undefined;
  return {
    async build() {
      // Loading the model is part of the peer's build, as it is of ours (a developer's script would do both).
      model = await createEmbedder({ family: 'use-lite' }, { ...config.embeddings, modelsDir });
      const corpus = await loadCorpus(corpusDir, config.extraction);
      const docs = corpus.documents.map((d) => new lc.Document({ pageContent: d.text, metadata: { source: d.id } }));
      const chunks = await new lc.RecursiveCharacterTextSplitter().splitDocuments(docs);
      store = await lc.HNSWLib.fromDocuments(chunks, new UseLiteEmbeddings({}));
    },
    async search(entry) {
      if (!store) throw new Error('search before build');
      const question = entry.question ?? entry.messages?.at(-1)?.content ?? '';
      const found = await store.similaritySearch(question, K);
      return found.map((d) => ({ docId: String(d.metadata.source), text: d.pageContent }));
    },
  };
}

export interface PeerRow {
  readonly suite: string;
  readonly ours: SideResult;
  readonly peer: SideResult;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Medians of `runs` runs of each side (hit@k does not vary from run to run). */
export function compareWithPeer(
  suites: readonly { name: string; corpus: string; questions: string }[],
  modelsDir: string,
  runs: number,
  log: (line: string) => void,
): PeerRow[] {
  ensurePeerInstalled(log);
  return suites.map((suite) => {
    const of = (side: 'ours' | 'peer'): SideResult => {
      const all = Array.from({ length: runs }, () => runSide(side, suite.corpus, suite.questions, modelsDir));
      const first = all[0] as SideResult;
      const pick = (f: (r: SideResult) => number) => median(all.map(f));
      return {
        ...first,
        buildMs: pick((r) => r.buildMs),
        peakRssMb: pick((r) => r.peakRssMb),
        retrieve: {
          n: first.retrieve.n,
          p50: pick((r) => r.retrieve.p50),
          p95: pick((r) => r.retrieve.p95),
          p99: pick((r) => r.retrieve.p99),
        },
      };
    };
    const row = { suite: suite.name, ours: of('ours'), peer: of('peer') };
    log(
      `${suite.name}: build ours ${(row.ours.buildMs / 1000).toFixed(1)} s, peer ${(row.peer.buildMs / 1000).toFixed(1)} s; hit@1 ${(row.ours.hitAt1 * 100).toFixed(1)}% vs ${(row.peer.hitAt1 * 100).toFixed(1)}%`,
    );
    return row;
  });
}

/** Installs the peer's packages from its lock file when they are not there yet. */
function ensurePeerInstalled(log: (line: string) => void): void {
  if (existsSync(path.join(PEER_DIR, 'node_modules', '@langchain', 'community'))) return;
  log('installing the LangChain.js peer into bench/peer …');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEER_DIR, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci in bench/peer failed');
}

/** One side on one suite, in a child process; returns what it measured. */
function runSide(side: 'ours' | 'peer', corpusDir: string, questions: string, modelsDir: string): SideResult {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--side',
      side,
      '--corpus',
      corpusDir,
      '--questions',
      questions,
      '--models',
      modelsDir,
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (result.status !== 0) throw new Error(`the ${side} side failed (exit ${result.status})`);
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as SideResult;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { side: { type: 'string' }, corpus: { type: 'string' }, questions: { type: 'string' }, models: { type: 'string' } },
  });
  const { side, corpus = '', questions = '', models = '' } = values;
  const entries = await loadEvalSet(questions);
  const built = side === 'peer' ? await peer(corpus, models) : await ours(corpus, models);
  const measured = await score(built, entries);
  process.stdout.write(`${JSON.stringify(measured)}\n`);
  // The embedder's worker threads would keep the process alive.
  process.exit(0);
}
