/**
 * An embedder that runs in a worker thread. The model computes without
 * yielding for milliseconds per text; on the request thread that stalls every
 * other request, and the machine's second core sits idle. In a worker the
 * request thread keeps serving (retrieval, answers, streaming) while the model
 * computes, and the model's garbage lives in the worker's own heap.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors';
import type { Embedder, EmbedderOptions, EmbedderSpec } from './types';
import type { WorkerReply, WorkerSetup } from './worker-protocol';

interface Pending {
  readonly resolve: (vectors: Float32Array[]) => void;
  readonly reject: (error: unknown) => void;
}

function toError(error: { readonly code?: string; readonly message: string }): Error {
  return error.code ? new AppError(error.code as ErrorCode, error.message) : new Error(error.message);
}

function spawn(setup: WorkerSetup): Worker {
  const options = { workerData: setup, name: 'embedder' };
  // Scripts and tests run this file as TypeScript through tsx, whose loader a
  // worker thread does not inherit on Node 20: the worker registers it first.
  // The Next.js bundle keeps this file's name in import.meta.url but has no
  // import.meta.resolve, and bundles the worker itself (below).
  if (import.meta.url.endsWith('.ts') && typeof import.meta.resolve === 'function') {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./embed-worker.ts', import.meta.url).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry)}))`, {
      ...options,
      eval: true,
    });
  }
  return new Worker(new URL('./embed-worker.ts', import.meta.url), options);
}

/** Starts the worker and waits until its model is loaded (or fails to load, with the worker's error). */
export async function embedderInWorker(spec: EmbedderSpec, options: EmbedderOptions, niceness = 0): Promise<Embedder> {
  const setup: WorkerSetup = { spec, options, niceness };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let info = { id: '', dimensions: 0 };
  // The running (or starting) worker; cleared when it dies, so the next call starts another.
  let current: Promise<Worker> | undefined;

  const start = (): Promise<Worker> => {
    const starting = new Promise<Worker>((resolve, reject) => {
      const w = spawn(setup);
      w.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          info = { id: reply.id, dimensions: reply.dimensions };
          // An idle worker must not keep a CLI process alive.
          if (pending.size === 0) w.unref();
          return resolve(w);
        }
        if (reply.type === 'failed' && reply.id === -1) return reject(toError(reply.error));
        const job = pending.get(reply.id);
        pending.delete(reply.id);
        if (pending.size === 0) w.unref();
        if (reply.type === 'vectors') job?.resolve(reply.vectors);
        else job?.reject(toError(reply.error));
      });
      // A crashed worker fails what it was doing; the next call starts a new one.
      const lost = (error: unknown) => {
        if (current === starting) current = undefined;
        reject(error);
        for (const job of pending.values())
          job.reject(new AppError('embedder_unavailable', 'The embedding model stopped; try again.', { cause: error }));
        pending.clear();
      };
      w.on('error', lost);
      w.on('exit', (code) => lost(new Error(`the embedding worker exited with code ${code}`)));
    });
    current = starting;
    return starting;
  };

  await start();
  return {
    id: info.id,
    dimensions: info.dimensions,
    async embed(texts) {
      if (texts.length === 0) return [];
      const w = await (current ?? start());
      const id = nextId++;
      return new Promise<Float32Array[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, texts });
      });
    },
  };
}
