/**
 * `npm run bench -- --api`: latency of the production server's /api/answer on
 * this machine. Builds what is missing (index, production bundle), starts the
 * server, warms it, then sends 200 requests one at a time and 200 more eight
 * at a time over the evaluation questions, and prints p50/p95/p99 and errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '@/lib/config';
import { loadEvalSet, requestOf } from '@/lib/eval/dataset';
import { CURRENT_FILE } from '@/lib/index/format';
import { runCli, UsageError } from './lib/cli';
import { startServer } from './lib/server';

const DEFAULT_FILE = path.join('..', 'shared', 'eval', 'questions.jsonl');

interface Sample {
  readonly ms: number;
  readonly ok: boolean;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(label: string, samples: readonly Sample[], wallMs: number): string {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => !s.ok).length;
  const f = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
  return `${label.padEnd(24)} n=${samples.length}  p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  errors ${errors}  throughput ${((samples.length / wallMs) * 1000).toFixed(1)} req/s`;
}

async function timed(url: string, body: unknown): Promise<Sample> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    return { ms: performance.now() - started, ok: response.status === 200 };
  } catch {
    return { ms: performance.now() - started, ok: false };
  }
}

async function runPool(url: string, bodies: readonly unknown[], concurrency: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        samples.push(await timed(url, body));
      }
    }),
  );
  return samples;
}

function ensureBuilt(): void {
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed`);
  };
  if (!existsSync(path.join(getConfig().paths.indexDir, CURRENT_FILE))) run(['--import', 'tsx', 'scripts/build-index.ts']);
  if (!existsSync(path.join('.next', 'BUILD_ID'))) run([path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build']);
}

runCli(async () => {
  let values: { api?: boolean; file?: string; requests?: string };
  try {
    ({ values } = parseArgs({ options: { api: { type: 'boolean' }, file: { type: 'string' }, requests: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nusage: npm run bench -- --api [--file X.jsonl] [--requests N]`);
  }
  if (!values.api) throw new UsageError('usage: npm run bench -- --api [--file X.jsonl] [--requests N]');
  const count = Number(values.requests ?? 200);
  if (!Number.isInteger(count) || count < 1) throw new UsageError('--requests must be a positive whole number');
  const entries = await loadEvalSet(values.file ?? DEFAULT_FILE);
  const bodies = Array.from({ length: count }, (_, i) => requestOf(entries[i % entries.length] as (typeof entries)[number]));

  ensureBuilt();
  const server = await startServer({});
  try {
    await runPool(server.url, bodies.slice(0, Math.min(20, bodies.length)), 1); // warm-up: model, index, JIT
    let started = performance.now();
    const sequential = await runPool(server.url, bodies, 1);
    const sequentialWall = performance.now() - started;
    started = performance.now();
    const concurrent = await runPool(server.url, bodies, 8);
    const concurrentWall = performance.now() - started;
    process.stdout.write(
      [
        `POST /api/answer, warm production server, ${entries.length} evaluation questions cycled`,
        summary('sequential', sequential, sequentialWall),
        summary('concurrency 8', concurrent, concurrentWall),
        '',
      ].join('\n'),
    );
    return sequential.some((s) => !s.ok) || concurrent.some((s) => !s.ok) ? 1 : 0;
  } finally {
    await server.stop();
  }
});
