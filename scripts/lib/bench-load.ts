/**
 * Load on the running server: `/api/answer` and `/api/chat` at several
 * concurrencies for a fixed time, with time to first byte, total time, errors,
 * and the server's resident memory. Each level starts with a warm-up at its own
 * concurrency, outside the figures: stepping up the load makes V8 size its heap
 * for the higher allocation rate, a one-off rise reported on its own
 * (`rssStartMb` → `rssBeforeMb`) so that the window's growth shows what a
 * sustained load does, which is where a leak would show.
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
  /** Before the warm-up at this level. */
  readonly rssStartMb: number;
  readonly warmUpSeconds: number;
  /** The measured window's start and end. */
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
  if (route !== '/api/chat') return JSON.stringify(request);
  const text = 'question' in request ? request.question : (request.messages[request.messages.length - 1]?.content ?? '');
  return JSON.stringify({ messages: [{ role: 'user', parts: [{ type: 'text', text }] }] });
}

export interface Timed {
  /** Time to the first body chunk, and to the end of the body, in ms. */
  readonly ttfb: number;
  readonly total: number;
  /** HTTP status; 0 when the request failed outright. */
  readonly status: number;
  readonly text: string;
}

/** One question to `/api/answer` or `/api/chat`, timed; shared by the benchmarks and the soak. */
export async function timedRequest(url: string, route: string, request: AskRequest): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyFor(route, request) });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let ttfb = 0;
    let text = '';
    for (;;) {
      const chunk = await reader?.read();
      ttfb ||= performance.now() - started;
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    return { ttfb, total: performance.now() - started, status: response.status, text };
  } catch {
    const elapsed = performance.now() - started;
    return { ttfb: elapsed, total: elapsed, status: 0, text: '' };
  }
}

async function drive(url: string, route: string, requests: readonly AskRequest[], concurrency: number, seconds: number): Promise<Timed[]> {
  const samples: Timed[] = [];
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) samples.push(await timedRequest(url, route, requests[next++ % requests.length] as AskRequest));
    }),
  );
  return samples;
}

export async function loadRoute(
  url: string,
  pid: number,
  route: string,
  requests: readonly AskRequest[],
  { concurrency, seconds, warmUpSeconds }: { concurrency: number; seconds: number; warmUpSeconds: number },
): Promise<LoadResult> {
  const rssStartMb = await rssMb(pid);
  const warmUp = await drive(url, route, requests, concurrency, warmUpSeconds);
  const rssBeforeMb = await rssMb(pid);
  const samples = await drive(url, route, requests, concurrency, seconds);
  return {
    route,
    concurrency,
    seconds,
    requests: samples.length,
    // A failure while warming up is a failure too.
    errors: [...warmUp, ...samples].filter((s) => s.status !== 200).length,
    ttfb: percentiles(samples.map((s) => s.ttfb)),
    total: percentiles(samples.map((s) => s.total)),
    rssStartMb,
    warmUpSeconds,
    rssBeforeMb,
    rssAfterMb: await rssMb(pid),
  };
}
