/** Benchmark results as Markdown tables and an efSearch → recall plot. */
import type { LatencySummary } from './bench-api';
import type { BuildBench } from './bench-build';
import type { MemoryBench } from './bench-memory';
import type { EqualityBench, LargeUploadBench } from './bench-embedder';
import type { PeerRow, SideResult } from './bench-peer';
import type { IncrementalResult } from './bench-incremental';
import type { LoadResult } from './bench-load';
import type { PostgresSize } from './bench-postgres';
import type { QueryResult, RecallPoint } from './bench-query';
import { lineChart } from './plot';

/** A Markdown table's header row and its separator. */
const head = (...columns: string[]): string[] => [`| ${columns.join(' | ')} |`, `|${' --- |'.repeat(columns.length)}`];

export interface BenchResults {
  date: string;
  node: string;
  cpus: number;
  scaleDocuments: number;
  equality?: EqualityBench;
  largeUpload?: LargeUploadBench;
  peer?: PeerRow[];
  build?: BuildBench;
  query?: QueryResult;
  recall?: RecallPoint[];
  apiLatency?: { sequential: LatencySummary; concurrent8: LatencySummary };
  load?: LoadResult[];
  /** The server's V8 old-space limit during the load runs (SERVER_HEAP_MB); 0 = Node's default. */
  serverHeapMb?: number;
  incremental?: IncrementalResult;
  /** `--query --store postgres`: the same index and queries in Postgres. */
  postgres?: { buildMs: number; size: PostgresSize; query: QueryResult; recall: RecallPoint[]; efSearch: number };
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const check = (ok: boolean) => (ok ? 'met' : '**not met**');

function equalitySection(e: EqualityBench): string[] {
  const speedup = e.onnxTextsPerSecond / e.tfjsTextsPerSecond;
  return [
    '## Embedder: use-lite on ONNX Runtime against tfjs',
    '',
    `Every sentence of the articles and of the domain-dev documents (${e.texts}), in batches of ${e.batchSize}, through the ONNX model (${e.onnxThreads || 'every core as'} intra-op threads) and through the package's tfjs model (WASM backend), one after the other in this run.`,
    '',
    ...head('runtime', 'texts/s', 'lowest cosine to tfjs', 'texts under 0.9999'),
    `| ONNX Runtime | ${f1(e.onnxTextsPerSecond)} | ${e.minCosine.toFixed(7)} | ${e.below} |`,
    `| tfjs (WASM) | ${f1(e.tfjsTextsPerSecond)} | (the reference) | – |`,
    '',
    `Equal model (cosine ≥ 0.9999 on every text): ${check(e.below === 0)}. ONNX / tfjs = ${speedup.toFixed(1)}×; target ≥ 3×: ${check(speedup >= 3)}.`,
    '',
    "What the default transformers.js model would cost: a BERT of all-MiniLM-L6-v2's shape (6 layers, hidden 384, 12 heads, 30,522 pieces; random weights, so its speed is real and its vectors are not) beside use-lite, both on ONNX Runtime in this process (MiniLM through transformers.js's feature-extraction pipeline, as the transformers embedder family runs it), on the same sentences:",
    '',
    ...head('model', 'dimensions', 'texts/s (batches)', 'one question p50 / p95'),
    ...e.models.map((m) => `| ${m.model} | ${m.dimensions} | ${f1(m.textsPerSecond)} | ${f2(m.query.p50)} / ${f2(m.query.p95)} ms |`),
    '',
  ];
}

function uploadSection(u: LargeUploadBench): string[] {
  const ratio = u.queryDuringBuild.p95 / u.queryIdle.p95;
  return [
    '## A large upload, and questions during its build',
    '',
    `One ${(u.bytes / 1024).toFixed(0)} KB plain-text document (real text from this machine) uploaded into the articles' index the way the upload route does it: ${u.passages} passages and ${u.sentences} sentences embedded, the new version published.`,
    '',
    ...head('indexed in', 'question embedding p50 / p95 idle', 'p50 / p95 during the build', 'questions during the build'),
    `| ${f1(u.indexMs / 1000)} s | ${f2(u.queryIdle.p50)} / ${f2(u.queryIdle.p95)} ms | ${f2(u.queryDuringBuild.p50)} / ${f2(u.queryDuringBuild.p95)} ms | ${u.queryDuringBuild.n} |`,
    '',
    `Target indexed in ≤ 30 s: ${check(u.indexMs <= 30_000)}. Question p95 during the build / idle = ${ratio.toFixed(2)}; target ≤ 2: ${check(ratio <= 2)}.`,
    '',
  ];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const sideRow = (suite: string, side: string, r: SideResult) =>
  `| ${suite} | ${side} | ${f2(r.buildMs / 1000)} s | ${r.peakRssMb.toFixed(0)} MB | ${f2(r.retrieve.p50)} / ${f2(r.retrieve.p95)} ms | ${pct(r.hitAt1)} | ${pct(r.hitAt5)} |`;

function peerSection(rows: readonly PeerRow[]): string[] {
  const verdicts = rows.flatMap(({ suite, ours, peer }) => {
    const hits = ours.hitAt1 >= peer.hitAt1 && ours.hitAt5 >= peer.hitAt5;
    const build = ours.buildMs / peer.buildMs;
    const retrieve = ours.retrieve.p95 / peer.retrieve.p95;
    return [
      `- ${suite}: hit@k ours ≥ peer ${check(hits)}; build ≤ peer ${check(build <= 1)}${build > 1 ? ` (ours takes ${build.toFixed(1)}×)` : ''}; retrieve p95 ≤ peer ${check(retrieve <= 1)}${retrieve > 1 ? ` (ours takes ${retrieve.toFixed(2)}×)` : ''}.`,
    ];
  });
  return [
    '## Side by side with a LangChain.js peer',
    '',
    "The peer is what a developer would write instead: LangChain.js at its defaults (`RecursiveCharacterTextSplitter` 1000/200, the `HNSWLib` store, `similaritySearch` top 5) over the same cleaned documents and the same use-lite ONNX model through a small `Embeddings` adapter (in process, every core). Ours is the product's full build (passages and sentences, BM25, HNSW, suggested questions) and hybrid retrieval of the standalone query. Each side runs in a process of its own, and its build time includes loading the model; medians of 3 runs. Retrieve is one question's embedding plus search.",
    '',
    ...head('suite', 'side', 'build', 'peak RSS', 'retrieve p50 / p95', 'hit@1', 'hit@5'),
    ...rows.flatMap(({ suite, ours, peer }) => [sideRow(suite, 'ours', ours), sideRow(suite, 'peer', peer)]),
    '',
    ...verdicts,
    '',
  ];
}

function buildSection(b: BuildBench): string[] {
  return [
    '## Build',
    '',
    ...head('documents', 'text', 'passages', 'sentences', 'build', 'passages/s', 'peak RSS', 'embedder alone (floor)', 'build / floor'),
    `| ${b.documents} | ${f1(b.bytes / 1024 / 1024)} MB | ${b.passages} | ${b.sentences} | ${f1(b.buildMs / 1000)} s | ${f1(b.passagesPerSecond)} | ${b.peakRssMb.toFixed(0)} MB | ${f1(b.floorMs / 1000)} s | ${b.ratio.toFixed(3)} |`,
    '',
    `Target build / floor ≤ 1.15: ${check(b.ratio <= 1.15)}. Both passages and sentences are embedded (sentence vectors serve the extractive answerer), so the floor covers ${b.passages + b.sentences} texts.${b.ratio < 1 ? ' A ratio below 1 means the floor run, right after the build in the same process, came out slower: the two differ by run-to-run noise on this 2-core machine, not by build overhead.' : ''}`,
    '',
  ];
}

/** Bytes as MB, GB or TB. */
function size(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function memorySection(m: MemoryBench): string[] {
  const mb = 1024 * 1024;
  const perPassage = { rss: (m.indexRssMb * mb) / m.passages, disk: m.diskBytes / m.passages };
  const perSentence = m.sentenceVectorBytes / m.sentences;
  const sentencesPerPassage = m.sentences / m.passages;
  const project = (passages: number) =>
    `| ${passages.toLocaleString('en-US')} | ${Math.round(passages * sentencesPerPassage).toLocaleString('en-US')} | ${size(passages * perPassage.rss)} | ${size(passages * perPassage.disk)} |`;
  return [
    '## Memory and disk',
    '',
    `The resident memory the loaded index adds to a process that has answered 200 searches from it (sentences of each top 5 scored and tokenised, then a full collection), measured in a process of its own after 12 s idle (median of 3); its files on disk. Sentence vectors are read from their file on demand, a block of 16 at a time, with at most 2,048 kept (4 MB at 512 dimensions), and the index terms of at most 4,096 sentences, whatever the corpus size.`,
    '',
    ...head(
      'passages',
      'sentences',
      'index RSS',
      'RSS per 1,000 passages',
      'disk',
      'disk per passage',
      'sentence vectors per sentence (disk)',
    ),
    `| ${m.passages} | ${m.sentences} | ${m.indexRssMb.toFixed(0)} MB | ${((m.indexRssMb * 1000) / m.passages).toFixed(1)} MB | ${size(m.diskBytes)} | ${size(perPassage.disk)} | ${perSentence.toFixed(0)} B |`,
    '',
    `Projected at ${sentencesPerPassage.toFixed(1)} sentences per passage (RSS grows with the passages; the vector cache does not):`,
    '',
    ...head('passages', 'sentences', 'index RSS', 'disk'),
    project(1_000_000),
    project(10_000_000),
    '',
  ];
}

function querySection(q: QueryResult): string[] {
  return [
    '## Query',
    '',
    `${q.queries} queries (evaluation questions, then corpus sentences cut to 12 words) over ${q.passages} passages.`,
    '',
    ...head('stage', 'p50', 'p95', 'p99'),
    ...Object.entries(q.stages).map(([stage, p]) => `| ${stage} | ${f2(p.p50)} ms | ${f2(p.p95)} ms | ${f2(p.p99)} ms |`),
    '',
    `retrieve p95 / (embed p95 + HNSW p95) = ${q.overhead.toFixed(3)}; target ≤ 1.3: ${check(q.overhead <= 1.3)}.`,
    '',
  ];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

function postgresSection(files: QueryResult, filesRecall: readonly RecallPoint[], pg: NonNullable<BenchResults['postgres']>): string[] {
  const { size, efSearch } = pg;
  // What grows with the corpus: the tables and indexes, sentences counted per passage; the catalog is fixed.
  const rows = size.bytes.snapshots + size.bytes.passages + size.bytes.postings + size.bytes.sentences + size.bytes.hnsw;
  const perPassage = rows / Math.max(1, size.passages);
  const line = (label: string, bytes: number, per: number) => `| ${label} | ${mb(bytes)} | ${(bytes / Math.max(1, per)).toFixed(0)} B |`;
  const chosen = pg.recall.find((p) => p.efSearch === efSearch);
  return [
    '## Files and Postgres side by side',
    '',
    `The same ${size.passages}-passage index (${size.sentences} sentences) in Postgres with pgvector: PGlite (Postgres 18 compiled to WebAssembly, single-threaded) behind pglite-socket, reached over TCP with \`pg\`, the driver the app uses against any Postgres. It was built from the files index's vectors in ${f1(pg.buildMs / 1000)} s; the same ${pg.query.queries} queries ask both. Dense search is pgvector's HNSW (iterative scan, relaxed order), lexical search BM25 over a table of term postings with a B-tree index.`,
    '',
    ...head('stage', 'files p50', 'files p95', 'postgres p50', 'postgres p95'),
    ...Object.entries(files.stages).map(([stage, p]) => {
      const q = pg.query.stages[stage as keyof QueryResult['stages']];
      return `| ${stage} | ${f2(p.p50)} ms | ${f2(p.p95)} ms | ${f2(q.p50)} ms | ${f2(q.p95)} ms |`;
    }),
    '',
    ...head('ef_search', 'files recall@10', 'postgres recall@10', 'postgres HNSW p50', 'postgres HNSW p95'),
    ...pg.recall.map((p) => {
      const f = filesRecall.find((r) => r.efSearch === p.efSearch);
      return `| ${p.efSearch} | ${f ? f.recallAt10.toFixed(4) : '–'} | ${p.recallAt10.toFixed(4)} | ${p.p50.toFixed(3)} ms | ${p.p95.toFixed(3)} ms |`;
    }),
    '',
    chosen
      ? `At the configured \`HNSW_EF_SEARCH\` of ${efSearch}, Postgres's recall@10 against its exact search is ${chosen.recallAt10.toFixed(4)}; target ≥ 0.99: ${check(chosen.recallAt10 >= 0.99)}.`
      : '',
    '',
    '### What the database holds',
    '',
    ...head('part', 'size', 'per row'),
    line('documents (snapshots: text and metadata), per passage', size.bytes.snapshots, size.passages),
    line('passages (offsets, vector; primary key), per passage', size.bytes.passages, size.passages),
    line('term postings with their index, per passage', size.bytes.postings, size.passages),
    line('sentences (offsets, vector; primary key), per sentence', size.bytes.sentences, size.sentences),
    line('HNSW index, per passage', size.bytes.hnsw, size.passages),
    line('all of these, per passage (its sentences included)', rows, size.passages),
    line('the whole database (with the fixed catalog), per passage', size.bytes.total, size.passages),
    '',
    `Projected from the rows at ${(size.sentences / Math.max(1, size.passages)).toFixed(1)} sentences per passage: ${gb(perPassage * 1e6)} for 1M passages, ${gb(perPassage * 1e7)} for 10M (see docs/scale-out.md).`,
    '',
  ];
}

export function renderReport(r: BenchResults): { markdown: (svgName: string) => string; svg?: string } {
  const svg = r.recall?.length
    ? lineChart(
        [{ label: 'recall@10 vs exact cosine', color: '#0369a1', points: r.recall.map((p) => ({ x: p.efSearch, y: p.recallAt10 })) }],
        {
          title: `HNSW recall@10 by efSearch (${r.query?.passages ?? '?'} passages, ${r.recall.length ? '1,000 queries' : ''})`,
          xLabel: 'efSearch (log scale)',
          yLabel: 'recall@10',
          yMax: 1,
          logX: true,
        },
      )
    : undefined;

  const markdown = (svgName: string) => {
    const out: string[] = [
      '# Performance',
      '',
      `Measured ${r.date.slice(0, 10)} on this project's machine (${r.cpus} cores, Node ${r.node}) with \`npm run bench\`; `,
      `the scale corpus is ${r.scaleDocuments} documents of real text from the machine (package READMEs and docs), indexed by the normal pipeline with the offline use-lite embedder.`,
      '',
    ];
    if (r.equality) out.push(...equalitySection(r.equality));
    if (r.largeUpload) out.push(...uploadSection(r.largeUpload));
    if (r.peer) out.push(...peerSection(r.peer));
    if (r.build) out.push(...buildSection(r.build), ...memorySection(r.build.memory));
    if (r.query) out.push(...querySection(r.query));
    if (r.recall?.length) {
      out.push('## HNSW quality', '', ...head('efSearch', 'recall@10', 'p50', 'p95'));
      for (const p of r.recall)
        out.push(`| ${p.efSearch} | ${p.recallAt10.toFixed(4)} | ${p.p50.toFixed(3)} ms | ${p.p95.toFixed(3)} ms |`);
      const chosen = r.recall.find((p) => p.recallAt10 >= 0.99);
      out.push(
        '',
        chosen
          ? `The default \`HNSW_EF_SEARCH\` is ${chosen.efSearch}, the smallest value here with recall@10 ≥ 0.99 (${chosen.recallAt10.toFixed(4)}, HNSW p50 ${chosen.p50.toFixed(3)} ms; target p50 under 2 ms: ${check(chosen.p50 < 2)}).`
          : 'No efSearch here reaches recall@10 ≥ 0.99.',
        '',
        `![HNSW recall@10 against efSearch](${svgName})`,
        '',
      );
    }
    if (r.postgres && r.query && r.recall) out.push(...postgresSection(r.query, r.recall, r.postgres));
    if (r.apiLatency) {
      const a = r.apiLatency;
      out.push('## API latency (warm server)', '', ...head('POST /api/answer', 'requests', 'p50', 'p95', 'p99', 'errors'));
      out.push(
        `| sequential | ${a.sequential.n} | ${f1(a.sequential.p50)} ms | ${f1(a.sequential.p95)} ms | ${f1(a.sequential.p99)} ms | ${a.sequential.errors} |`,
      );
      out.push(
        `| concurrency 8 | ${a.concurrent8.n} | ${f1(a.concurrent8.p50)} ms | ${f1(a.concurrent8.p95)} ms | ${f1(a.concurrent8.p99)} ms | ${a.concurrent8.errors} |`,
        '',
      );
    }
    if (r.load?.length) {
      const pct = (from: number, to: number) => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)}%`;
      out.push(
        '## API under load',
        '',
        r.serverHeapMb
          ? `The server ran with its heap limited to ${r.serverHeapMb} MB (\`SERVER_HEAP_MB\`, the default). Under a 2 GB limit V8 grows its heap to about twice the live data after each full collection; with Node's default limit on a large machine it allows four times, and a server under this load settles at close to twice the memory for no gain in speed.`
          : "The server ran with Node's default heap limit (`SERVER_HEAP_MB=0`).",
        '',
        ...head(
          'route',
          'concurrency',
          'seconds',
          'requests',
          'errors',
          'TTFB p50',
          'TTFB p95',
          'total p95',
          'server RSS before → after',
          'growth',
        ),
      );
      for (const l of r.load) {
        out.push(
          `| ${l.route} | ${l.concurrency} | ${l.seconds} | ${l.requests} | ${l.errors} | ${l.ttfb.p50.toFixed(0)} ms | ${l.ttfb.p95.toFixed(0)} ms | ${l.total.p95.toFixed(0)} ms | ${l.rssBeforeMb.toFixed(0)} → ${l.rssAfterMb.toFixed(0)} MB | ${pct(l.rssBeforeMb, l.rssAfterMb)} |`,
        );
      }
      const heavy = r.load.filter((l) => l.concurrency === 32);
      const ok = (l: LoadResult) => l.errors === 0 && l.ttfb.p95 < 1000 && l.rssAfterMb <= l.rssBeforeMb * 1.1;
      const verdict = (l: LoadResult) => `${l.route} ${check(ok(l))} (RSS ${pct(l.rssBeforeMb, l.rssAfterMb)})`;
      out.push(
        '',
        `Target at concurrency 32 for 60 s (no errors, TTFB p95 under 1 s, RSS growth under 10%): ${heavy.map(verdict).join('; ')}.`,
      );
      out.push('');
    }
    if (r.incremental) {
      const i = r.incremental;
      out.push(
        '## Adding a document',
        '',
        ...head('documents', 'passages', 'sentences', 'full build', 'add one document', 'share'),
        `| ${i.documents} | ${i.passages} | ${i.sentences} | ${f1(i.fullMs / 1000)} s | ${f2(i.addOneMs / 1000)} s | ${(i.ratio * 100).toFixed(2)}% |`,
        '',
        `Target under 5%: ${check(i.ratio < 0.05)}.`,
        '',
      );
    }
    return `${out.join('\n')}\n`;
  };
  return svg ? { markdown, svg } : { markdown };
}
