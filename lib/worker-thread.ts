/**
 * Starting a worker thread from a module that runs either as TypeScript
 * through tsx (scripts, tests) or inside the Next.js bundle. tsx's loader is
 * not inherited by worker threads on Node 20, so under tsx the worker
 * registers it first; the bundle keeps the module's name in import.meta.url
 * but has no import.meta.resolve, and bundles the worker file itself from the
 * caller's literal `new Worker(new URL('./x.ts', import.meta.url))`.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The worker under tsx, or undefined when running from the bundle (the caller then starts it by its literal URL). */
export function workerUnderTsx(callerUrl: string, entry: string, options: WorkerOptions): Worker | undefined {
  if (!callerUrl.endsWith('.ts') || typeof import.meta.resolve !== 'function') return undefined;
  const tsx = import.meta.resolve('tsx/esm/api');
  const url = new URL(entry, callerUrl).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(url)}))`, { ...options, eval: true });
}
