/**
 * `npm run bench -- [--embedder] [--peer] [--build] [--query] [--api] [--incremental] [--scale N] [--docs]`:
 * benchmarks that print figures and write bench/results/<date>.json with a
 * Markdown summary beside it (`--docs` also writes docs/performance.md and its
 * plot). Sections run alone or together; with none given, all run.
 *
 * The scale corpus is N documents (default 500, 100× the articles) of real text
 * from this machine, indexed by the normal pipeline into bench/cache/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig, loadConfig, type Config } from '@/lib/config';
import { sharedEmbedder, specFromId } from '@/lib/embeddings';
import { defaultEvalFile, loadEvalSet, requestOf, type EvalEntry } from '@/lib/eval/dataset';
import { publicSuites } from '@/lib/eval/suites';
import { openIndex } from '@/lib/store';
import { buildIndex } from '@/lib/pipeline/build-index';
import { benchApi, formatLatency } from './lib/bench-api';
import { benchBuild } from './lib/bench-build';
import { benchEquality, benchLargeUpload } from './lib/bench-embedder';
import { compareWithPeer } from './lib/bench-peer';
import { benchIncremental } from './lib/bench-incremental';
import { loadRoute } from './lib/bench-load';
import { postgresTwin } from './lib/bench-postgres';
import { benchQueries, benchQuery, benchRecall } from './lib/bench-query';
import { runCli, UsageError } from './lib/cli';
import { buildMissing } from './lib/prepare';
import { renderReport, type BenchResults } from './lib/bench-report';
import { buildScaleCorpus } from './lib/scale-corpus';
import { startServer } from './lib/server';

const USAGE =
  'usage: npm run bench -- [--embedder] [--peer] [--build] [--query [--store postgres]] [--api] [--incremental] [--scale N] [--duration S] [--file X.jsonl] [--docs] | --from RESULTS.json [--docs]';
const EF_VALUES = [10, 20, 40, 60, 100, 200, 400];
/** The upload issue #17 measured at 234 s on tfjs. */
const LARGE_UPLOAD_BYTES = 450 * 1024;
const log = (line: string) => process.stdout.write(`${line}\n`);

async function scaleConfig(documents: number): Promise<{ config: Config; bytes: number }> {
  const root = path.resolve('bench', 'cache', `scale-${documents}`);
  const corpusDir = path.join(root, 'corpus');
  let bytes = 0;
  if (!existsSync(corpusDir)) {
    await rm(root, { recursive: true, force: true });
    await mkdir(corpusDir, { recursive: true });
    const corpus = await buildScaleCorpus(corpusDir, documents, { min: 1024, max: 4096 });
    bytes = corpus.bytes;
  }
  const config = loadConfig({ ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: path.join(root, 'index'), EMBEDDER: 'use-lite' });
  if (bytes === 0) {
    for (const file of await readdir(corpusDir)) bytes += (await stat(path.join(corpusDir, file))).size;
  }
  return { config, bytes };
}

runCli(async () => {
  type Flags = {
    embedder?: boolean;
    peer?: boolean;
    build?: boolean;
    query?: boolean;
    api?: boolean;
    incremental?: boolean;
    scale?: string;
    duration?: string;
    file?: string;
    docs?: boolean;
    from?: string;
    store?: string;
  };
  let values: Flags;
  try {
    ({ values } = parseArgs({
      options: {
        embedder: { type: 'boolean' },
        peer: { type: 'boolean' },
        build: { type: 'boolean' },
        query: { type: 'boolean' },
        api: { type: 'boolean' },
        incremental: { type: 'boolean' },
        scale: { type: 'string' },
        duration: { type: 'string' },
        file: { type: 'string' },
        docs: { type: 'boolean' },
        from: { type: 'string' },
        store: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.from) {
    // Re-render the report (and with --docs, docs/performance.md) from saved results, measuring nothing.
    const saved = JSON.parse(await readFile(values.from, 'utf8')) as BenchResults;
    const report = renderReport(saved);
    const stem = values.from.replace(/\.json$/, '');
    await writeFile(`${stem}.md`, report.markdown('performance-recall.svg'));
    if (values.docs) {
      await writeFile(path.join('docs', 'performance.md'), report.markdown('performance-recall.svg'));
      if (report.svg) await writeFile(path.join('docs', 'performance-recall.svg'), report.svg);
    }
    log(`report rendered from ${values.from}`);
    return 0;
  }
  const all = !values.embedder && !values.peer && !values.build && !values.query && !values.api && !values.incremental;
  const scale = Number(values.scale ?? 500);
  const duration = Number(values.duration ?? 60);
  if (!Number.isInteger(scale) || scale < 10) throw new UsageError('--scale takes a number of documents, at least 10');
  if (!Number.isFinite(duration) || duration <= 0) throw new UsageError('--duration takes seconds');
  if (values.store !== undefined && values.store !== 'files' && values.store !== 'postgres') {
    throw new UsageError(`--store must be files or postgres, not "${values.store}"\n${USAGE}`);
  }
  const entries: EvalEntry[] = await loadEvalSet(values.file ?? defaultEvalFile());
  const results: BenchResults = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, scaleDocuments: scale };
  let failed = false;

  if (all || values.embedder) {
    const config = getConfig();
    const equality = await benchEquality(config, log);
    results.equality = equality;
    log(
      `onnx ${equality.onnxTextsPerSecond.toFixed(1)} texts/s, tfjs ${equality.tfjsTextsPerSecond.toFixed(1)} texts/s; lowest cosine ${equality.minCosine.toFixed(7)} (${equality.below} of ${equality.texts} under 0.9999)`,
    );
    const upload = await benchLargeUpload(
      config,
      LARGE_UPLOAD_BYTES,
      entries.map((e) => e.question),
      log,
    );
    results.largeUpload = upload;
    log(
      `question embedding p95: idle ${upload.queryIdle.p95.toFixed(2)} ms, during the build ${upload.queryDuringBuild.p95.toFixed(2)} ms`,
    );
  }

  if (all || values.peer) {
    // The suites with a corpus of their own; the first public set asks the same articles as dev.
    const suites = publicSuites()
      .filter((s) => !s.name.startsWith('first'))
      .map((s) => ({ ...s, name: path.relative(path.resolve('..'), s.questions) }));
    results.peer = compareWithPeer(suites, getConfig().paths.modelsDir, 3, log);
  }

  if (all || values.build || values.query) {
    const { config, bytes } = await scaleConfig(scale);
    log(
      `scale corpus: ${scale} documents, ${(bytes / 1024 / 1024).toFixed(1)} MB, in ${path.relative(process.cwd(), config.paths.corpusDir)}`,
    );
    if (all || values.build) {
      results.build = await benchBuild(config, bytes, log);
      log(`build / embedding floor = ${results.build.ratio.toFixed(3)} (peak RSS ${results.build.peakRssMb.toFixed(0)} MB)`);
    } else {
      await buildIndex(config, {}, { lockWaitMs: config.indexing.lockWaitMs });
    }
    if (all || values.query) {
      const index = await openIndex(config.paths.indexDir);
      const spec = specFromId(index.manifest.embedder.id);
      if (!spec) throw new Error(`unknown embedder ${index.manifest.embedder.id}`);
      const embedder = await sharedEmbedder(spec, { ...config.embeddings, modelsDir: config.paths.modelsDir });
      const questions = entries.map((e) => e.question);
      const { result, vectors } = await benchQuery(index, embedder, config, benchQueries(index, questions, 1000));
      results.query = result;
      for (const [stage, p] of Object.entries(result.stages))
        log(`  ${stage.padEnd(8)} p50 ${p.p50.toFixed(2)} ms  p95 ${p.p95.toFixed(2)} ms  p99 ${p.p99.toFixed(2)} ms`);
      log(`retrieve p95 / (embed p95 + HNSW p95) = ${result.overhead.toFixed(3)}`);
      results.recall = await benchRecall(index, vectors, EF_VALUES);
      for (const r of results.recall)
        log(
          `  efSearch ${String(r.efSearch).padStart(3)}  recall@10 ${r.recallAt10.toFixed(4)}  p50 ${r.p50.toFixed(3)} ms  p95 ${r.p95.toFixed(3)} ms`,
        );
      if (values.store === 'postgres') {
        // The same corpus and vectors in Postgres, the same queries, side by side.
        const twin = await postgresTwin(index, config);
        try {
          log(`postgres: built from the files index's vectors in ${(twin.buildMs / 1000).toFixed(1)} s`);
          const pgQuery = await benchQuery(twin.index, embedder, twin.config, benchQueries(index, questions, 1000));
          const pgRecall = await benchRecall(twin.index, pgQuery.vectors, EF_VALUES);
          results.postgres = {
            buildMs: twin.buildMs,
            size: twin.size,
            query: pgQuery.result,
            recall: pgRecall,
            efSearch: config.hnsw.efSearch,
          };
          for (const [stage, p] of Object.entries(pgQuery.result.stages)) {
            const files = result.stages[stage as keyof typeof result.stages];
            log(
              `  ${stage.padEnd(8)} p50 ${files.p50.toFixed(2)} / ${p.p50.toFixed(2)} ms  p95 ${files.p95.toFixed(2)} / ${p.p95.toFixed(2)} ms (files / postgres)`,
            );
          }
          for (const r of pgRecall)
            log(`  postgres ef_search ${String(r.efSearch).padStart(3)}  recall@10 ${r.recallAt10.toFixed(4)}  p50 ${r.p50.toFixed(3)} ms`);
        } finally {
          await twin.stop();
        }
      }
    }
  }

  if (all || values.api) {
    if ((await buildMissing(getConfig(), log)) !== 0) throw new Error('the index or the production build could not be made');
    const bodies = Array.from({ length: 200 }, (_, i) => requestOf(entries[i % entries.length] as EvalEntry));
    const latency = await benchApi(bodies);
    log(formatLatency('answer sequential', latency.sequential));
    log(formatLatency('answer c=8', latency.concurrent8));
    results.apiLatency = latency;
    failed ||= latency.sequential.errors + latency.concurrent8.errors > 0;
    const server = await startServer({});
    try {
      results.load = [];
      results.serverHeapMb = getConfig().limits.serverHeapMb;
      for (const route of ['/api/answer', '/api/chat']) {
        for (const concurrency of [1, 8, 32]) {
          const seconds = concurrency === 32 ? duration : Math.min(duration, 10);
          const r = await loadRoute(server.url, server.pid, route, bodies, concurrency, seconds);
          results.load.push(r);
          log(
            `  ${route} c=${concurrency} ${seconds}s: ${r.requests} requests, ${r.errors} errors, TTFB p50 ${r.ttfb.p50.toFixed(0)} / p95 ${r.ttfb.p95.toFixed(0)} ms, total p95 ${r.total.p95.toFixed(0)} ms, RSS ${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)} MB`,
          );
          failed ||= r.errors > 0;
        }
      }
    } finally {
      await server.stop();
    }
  }

  if (all || values.incremental) {
    results.incremental = await benchIncremental(Math.max(1000, scale), log);
    log(
      `adding one document took ${(results.incremental.addOneMs / 1000).toFixed(2)} s = ${(results.incremental.ratio * 100).toFixed(2)}% of the full build (${(results.incremental.fullMs / 1000).toFixed(1)} s)`,
    );
  }

  await mkdir(path.join('bench', 'results'), { recursive: true });
  const stem = path.join('bench', 'results', results.date.replace(/[:.]/g, '-'));
  const report = renderReport(results);
  await writeFile(`${stem}.json`, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(`${stem}.md`, report.markdown('performance-recall.svg'));
  if (report.svg) await writeFile(`${stem}-recall.svg`, report.svg);
  log(`results: ${stem}.json, ${stem}.md`);
  if (values.docs) {
    await writeFile(path.join('docs', 'performance.md'), report.markdown('performance-recall.svg'));
    if (report.svg) await writeFile(path.join('docs', 'performance-recall.svg'), report.svg);
    log('docs/performance.md updated');
  }
  return failed ? 1 : 0;
});
