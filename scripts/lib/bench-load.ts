/**
 * Load on the running server: `/api/answer` and `/api/chat` at several
 * concurrencies for a fixed time, with time to first byte, total time, errors,
 * and the server's resident memory before and after.
 */
import { readFile } from 'node:fs/promises';
import type { AskRequest } from '@/lib/request';
import { percentiles, type Percentiles } from './stats';

export interface LoadResult {
  readonly route: string;
  readonly concurrency: number;
  readonly seconds: number;
  readonly requests: number;
  readonly errors: number;
  readonly ttfb: Percentiles;
  readonly total: Percentiles;
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
}

/** Resident memory of a process, from /proc. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

function bodyFor(route: string, request: AskRequest): string {
  if (route === '/api/answer') return JSON.stringify(request);
  const text = 'question' in request ? request.question : (request.messages[request.messages.length - 1]?.content ?? '');
  return JSON.stringify({ messages: [{ role: 'user', parts: [{ type: 'text', text }] }] });
}

export async function loadRoute(url: string, pid: number, route: string, requests: readonly AskRequest[], concurrency: number, seconds: number): Promise<LoadResult> {
  const ttfb: number[] = [];
  const total: number[] = [];
  let errors = 0;
  let next = 0;
  const rssBeforeMb = await rssMb(pid);
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const request = requests[next++ % requests.length] as AskRequest;
        const started = performance.now();
        try {
          const response = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyFor(route, request) });
          const reader = response.body?.getReader();
          let first = true;
          for (;;) {
            const chunk = await reader?.read();
            if (first) {
              ttfb.push(performance.now() - started);
              first = false;
            }
            if (!chunk || chunk.done) break;
          }
          total.push(performance.now() - started);
          if (response.status !== 200) errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { route, concurrency, seconds, requests: total.length, errors, ttfb: percentiles(ttfb), total: percentiles(total), rssBeforeMb, rssAfterMb: await rssMb(pid) };
}
