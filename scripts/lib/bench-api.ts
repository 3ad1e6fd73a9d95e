/**
 * `npm run bench -- --api`: latency of the production server's /api/answer.
 * Sends 200 requests one at a time and 200 more eight at a time over the
 * evaluation questions, after a warm-up.
 */
import type { AskRequest } from '@/lib/request';
import { timedRequest, type Timed } from './bench-load';
import { startServer } from './server';
import { percentiles, type Percentiles } from './stats';

export interface LatencySummary extends Percentiles {
  readonly errors: number;
  readonly throughput: number;
}

function summarize(samples: readonly Timed[], wallMs: number): LatencySummary {
  return {
    ...percentiles(samples.map((s) => s.total)),
    errors: samples.filter((s) => s.status !== 200).length,
    throughput: (samples.length / wallMs) * 1000,
  };
}

export function formatLatency(label: string, s: LatencySummary): string {
  const f = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
  return `${label.padEnd(16)} n=${s.n}  p50 ${f(s.p50)}  p95 ${f(s.p95)}  p99 ${f(s.p99)}  errors ${s.errors}  throughput ${s.throughput.toFixed(1)} req/s`;
}

async function runPool(url: string, bodies: readonly AskRequest[], concurrency: number): Promise<LatencySummary> {
  const samples: Timed[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let body = bodies[next++]; body; body = bodies[next++]) samples.push(await timedRequest(url, '/api/answer', body));
    }),
  );
  return summarize(samples, performance.now() - started);
}

export async function benchApi(bodies: readonly AskRequest[]): Promise<{ sequential: LatencySummary; concurrent8: LatencySummary }> {
  const server = await startServer({});
  try {
    await runPool(server.url, bodies.slice(0, 20), 1); // warm-up beyond start-up: JIT of the answer path
    const sequential = await runPool(server.url, bodies, 1);
    const concurrent8 = await runPool(server.url, bodies, 8);
    return { sequential, concurrent8 };
  } finally {
    await server.stop();
  }
}
