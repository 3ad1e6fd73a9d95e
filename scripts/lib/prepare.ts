/** Building what serving needs and is missing — the index, then the production bundle — for `npm start` and the benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@/lib/config';
import { isAppError } from '@/lib/errors';
import { storeBackend } from '@/lib/store';

export const NEXT_BIN = path.join('node_modules', 'next', 'dist', 'bin', 'next');

/** Node arguments that run the production server (scripts/serve.mjs) the way `npm start` does, for `npm start`, the tests and the benchmarks. */
export function serverArgs(options: { port: string; host?: string; heapMb: number }): string[] {
  return [
    ...(options.heapMb > 0 ? [`--max-old-space-size=${options.heapMb}`] : []),
    path.join('scripts', 'serve.mjs'),
    '-p',
    options.port,
    ...(options.host ? ['-H', options.host] : []),
  ];
}

/** Starts `node <args>` sharing this terminal; Ctrl-C and SIGTERM reach it. */
export function spawnNode(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', () => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  });
  return child;
}

export function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

/** 0 when the index and the production bundle exist (building them if needed), else the failed step's exit code. */
export async function buildMissing(config: Config, log: (line: string) => void): Promise<number> {
  const backend = storeBackend(config);
  // Only a missing index is built here. A damaged index or an unreachable database is the user's to see, from a
  // server that runs anyway: /api/health says what is wrong and how to fix it, and answering starts by itself
  // once a good version is published. A server that exited would tell a supervisor only "connection refused".
  const missing = await backend.currentManifest().then(
    () => false,
    (error: unknown) => {
      if (!isAppError(error)) throw error;
      if (error.code === 'index_missing') return true;
      log(`warning: ${error.message} Serving anyway: questions get 503 until a good index is published.`);
      return false;
    },
  );
  await backend.close();
  if (missing) {
    log('No index yet: building it first.');
    const code = await exitCode(spawnNode(['--import', 'tsx', 'scripts/build-index.ts']));
    if (code !== 0) return code;
  }
  if (!existsSync(path.join('.next', 'BUILD_ID'))) {
    log('No production build yet: running next build.');
    return exitCode(spawnNode([NEXT_BIN, 'build']));
  }
  return 0;
}
