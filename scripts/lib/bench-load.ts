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
    const response = await fetch(`${url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyFor(route, request),
    });
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

export async function loadRoute(
  url: string,
  pid: number,
  route: string,
  requests: readonly AskRequest[],
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  const samples: Timed[] = [];
  let next = 0;
  const rssBeforeMb = await rssMb(pid);
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) samples.push(await timedRequest(url, route, requests[next++ % requests.length] as AskRequest));
    }),
  );
  return {
    route,
    concurrency,
    seconds,
    requests: samples.length,
    errors: samples.filter((s) => s.status !== 200).length,
    ttfb: percentiles(samples.map((s) => s.ttfb)),
    total: percentiles(samples.map((s) => s.total)),
    rssBeforeMb,
    rssAfterMb: await rssMb(pid),
  };
}
