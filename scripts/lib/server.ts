/** Starts the production server (`next start` on an existing build) on a free port, for tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { loadConfig } from '@/lib/config';
import { serverArgs } from './prepare';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  readonly logs: () => string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health-probe-not-a-route`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`server at ${url} did not start within ${timeoutMs} ms`);
}

/**
 * The first request to each route pays for loading its code, the index and the
 * model (about half a second); one request per route at start-up keeps that off
 * the first user's answer. Failures (no index yet) are left for real requests to report.
 */
export async function warmUp(url: string): Promise<void> {
  const question = 'What is this corpus about?';
  const post = (route: string, body: unknown) =>
    fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
  await Promise.all([
    fetch(url)
      .then((r) => r.arrayBuffer())
      .catch(() => undefined),
    post('/api/answer', { question }),
    post('/api/chat', { messages: [{ role: 'user', parts: [{ type: 'text', text: question }] }] }),
  ]);
}

/**
 * Resolves once the child says it listens (scripts/serve.ts prints "ready on"), or with its exit code. Polling
 * the URL alone is not enough: two servers given the same free port at once (freePort closes its probe before
 * the server binds) would both see the one that won, and a test would talk to the wrong server.
 */
function listening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<'ready' | number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms`)), timeoutMs);
    const check = () => {
      if (!/ready on http/.test(output())) return;
      done();
      resolve('ready');
    };
    const exited = (code: number | null) => {
      done();
      resolve(code ?? 1);
    };
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', exited);
    };
    child.stdout?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

export async function startServer(env: Record<string, string>, attempts = 3): Promise<RunningServer> {
  const port = await freePort();
  // Tests and benchmarks send many requests from one address: no rate limit unless the caller sets one.
  const childEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    EMBEDDER: 'use-lite',
    ALLOW_REMOTE_MODELS: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_GLOBAL_PER_MINUTE: '0',
    UPLOAD_RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  };
  const { limits } = loadConfig(childEnv, ROOT);
  // HOST as the caller sets it (0.0.0.0 listens on 127.0.0.1 too, where the tests reach it), else this machine only.
  const child = spawn(process.execPath, serverArgs({ port: String(port), host: env.HOST ?? '127.0.0.1', heapMb: limits.serverHeapMb }), {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    const state = await listening(child, () => output, 30_000);
    if (state !== 'ready') {
      // Another server took the port between the probe and the bind: a new port.
      if (/EADDRINUSE/.test(output) && attempts > 1) return startServer(env, attempts - 1);
      throw new Error(`server exited with ${state}`);
    }
    await waitUntilUp(url, child, 30_000);
    await warmUp(url);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
  return {
    url,
    pid: child.pid ?? 0,
    logs: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
