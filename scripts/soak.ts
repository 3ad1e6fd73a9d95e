/**
 * `npm run soak -- [--minutes 10] [--concurrency 16]`: the production server
 * under steady load on /api/answer and /api/chat while a new document is added
 * and the index rebuilt incrementally every minute. Reports requests, errors
 * (5xx and others), p95, citations to documents that do not exist, and the
 * server's RSS at start and end. Works on a copy of the corpus.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig, loadConfig } from '@/lib/config';
import { defaultEvalFile, loadEvalSet, requestOf } from '@/lib/eval/dataset';
import { buildIndex } from '@/lib/pipeline/build-index';
import type { AskRequest } from '@/lib/request';
import { rssMb, timedRequest } from './lib/bench-load';
import { runCli, UsageError } from './lib/cli';
import { startServer } from './lib/server';
import { percentiles } from './lib/stats';

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Cited document ids in a response: JSON citations, or the chat stream's source parts. */
function citedDocs(route: string, text: string): string[] {
  if (route === '/api/answer') return ((JSON.parse(text) as { citations?: { doc: string }[] }).citations ?? []).map((c) => c.doc);
  return [...text.matchAll(/"type":"source-document"[^\n]*?"filename":"([^"]+)"/g)].map((m) => m[1] as string);
}

runCli(async () => {
  let values: { minutes?: string; concurrency?: string; file?: string };
  try {
    ({ values } = parseArgs({ options: { minutes: { type: 'string' }, concurrency: { type: 'string' }, file: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(
      `${error instanceof Error ? error.message : String(error)}\nusage: npm run soak -- [--minutes 10] [--concurrency 16]`,
    );
  }
  const minutes = Number(values.minutes ?? 10);
  const concurrency = Number(values.concurrency ?? 16);
  if (!(minutes > 0) || !Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--minutes > 0 and --concurrency ≥ 1');
  const entries = await loadEvalSet(values.file ?? defaultEvalFile());
  const requests: AskRequest[] = entries.map(requestOf);

  const work = await mkdtemp(path.join(tmpdir(), 'corpus-chat-soak-'));
  try {
    const corpusDir = path.join(work, 'corpus');
    await mkdir(corpusDir);
    for (const file of await readdir(getConfig().paths.corpusDir))
      await copyFile(path.join(getConfig().paths.corpusDir, file), path.join(corpusDir, file));
    const env = { CORPUS_DIR: corpusDir, INDEX_DIR: path.join(work, 'index') };
    const config = loadConfig({ ...process.env, ...env, EMBEDDER: 'use-lite' });
    await buildIndex(config);
    const server = await startServer(env);
    const rssStart = await rssMb(server.pid);
    const totals: number[] = [];
    const statuses = new Map<number, number>();
    const cited = new Set<string>();
    let failures = 0;
    let rebuilds = 0;
    const rssSeries: number[] = [rssStart];
    const deadline = Date.now() + minutes * 60_000;
    let rebuilding: Promise<void> = Promise.resolve();
    const rebuildTimer = setInterval(() => {
      const n = ++rebuilds;
      rebuilding = writeFile(
        path.join(corpusDir, `soak-${n}.md`),
        `# Soak note ${n}\n\nSoak note ${n} records that rebuild number ${n} ran during the load test.\n`,
      )
        .then(() => buildIndex(config, {}, { lockWaitMs: 60_000 }))
        .then(async (r) => {
          const rss = await rssMb(server.pid);
          rssSeries.push(rss);
          log(
            `minute ${n}: rebuild embedded ${r.embedded} document (${r.manifest.counts.documents} documents), ${totals.length} requests so far, server RSS ${rss.toFixed(0)} MB`,
          );
        })
        .catch((error: unknown) => log(`rebuild ${n} failed: ${error instanceof Error ? error.message : String(error)}`));
    }, 60_000);
    let next = 0;
    log(
      `soak: ${minutes} min at concurrency ${concurrency} on /api/answer and /api/chat, a rebuild every minute; server RSS ${rssStart.toFixed(0)} MB`,
    );
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        const route = worker % 2 === 0 ? '/api/answer' : '/api/chat';
        while (Date.now() < deadline) {
          const result = await timedRequest(server.url, route, requests[next++ % requests.length] as AskRequest);
          if (result.status === 0) {
            failures++;
            continue;
          }
          totals.push(result.total);
          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          if (result.status === 200) for (const doc of citedDocs(route, result.text)) cited.add(doc);
        }
      }),
    );
    clearInterval(rebuildTimer);
    await rebuilding; // a rebuild still under way finishes before the folder goes
    const rssEnd = await rssMb(server.pid);
    await server.stop();
    const existing = new Set(await readdir(corpusDir));
    const missing = [...cited].filter((doc) => !existing.has(doc));
    const p = percentiles(totals);
    const serverErrors = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    log(`requests ${totals.length}, statuses ${JSON.stringify(Object.fromEntries(statuses))}, network failures ${failures}`);
    log(`5xx ${serverErrors}, p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms`);
    log(
      `rebuilds ${rebuilds}, cited documents ${cited.size}, cited but missing ${missing.length}${missing.length ? ` (${missing.join(', ')})` : ''}`,
    );
    log(
      `server RSS ${rssStart.toFixed(0)} MB at start, ${rssEnd.toFixed(0)} MB at end; per minute: ${[...rssSeries, rssEnd].map((r) => r.toFixed(0)).join(', ')} MB`,
    );
    return serverErrors === 0 && failures === 0 && missing.length === 0 ? 0 : 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
