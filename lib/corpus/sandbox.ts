/**
 * Text extraction of untrusted files outside the caller's heap. Each file is
 * parsed in a worker thread with its own heap limit and a wall-clock limit; a
 * file that exceeds either has its worker terminated (all its memory goes with
 * it) and is reported as skipped with the reason, and the next file gets a new
 * worker. A PDF whose content streams expand to gigabytes, or any input that
 * makes a parser slow, costs one worker, never the server or the build.
 */
import { Worker } from 'node:worker_threads';
import { workerUnderTsx } from '../worker-thread';
import type { SandboxReply, SandboxRequest } from './sandbox-protocol';
import type { CorpusDocument, SkippedFile } from './types';

export interface SandboxLimits {
  /** Old-generation heap of the worker, in MB. */
  readonly memoryMb: number;
  /** Longest time one file may take, in ms. */
  readonly timeoutMs: number;
}

export interface Extractor {
  /** Parses the file at `file` as the document `id`. */
  parse(id: string, file: string): Promise<CorpusDocument | SkippedFile>;
  /** Ends the worker; the extractor starts another if used again. */
  close(): Promise<void>;
}

function spawn(limits: SandboxLimits): Worker {
  const options = {
    name: 'extractor',
    // A young generation of its own size keeps one huge allocation burst from escaping the cap.
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, limits.memoryMb / 8)) },
  };
  return workerUnderTsx(import.meta.url, './extract-worker.ts', options) ?? new Worker(new URL('./extract-worker.ts', import.meta.url), options);
}

function isOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/** One worker, one file at a time, in the order asked. */
export function sandboxedExtractor(limits: SandboxLimits): Extractor {
  let worker: Worker | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let nextJob = 0;

  const stop = async () => {
    const w = worker;
    worker = undefined;
    await w?.terminate();
  };

  const run = (id: string, file: string): Promise<CorpusDocument | SkippedFile> =>
    new Promise((resolve) => {
      if (!worker) {
        const started = spawn(limits);
        started.once('exit', () => {
          if (worker === started) worker = undefined;
        });
        worker = started;
      }
      const w = worker;
      w.ref();
      const job = nextJob++;
      const done = (result: CorpusDocument | SkippedFile, kill: boolean) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        if (kill) void stop();
        resolve(result);
      };
      const skip = (reason: string) => done({ id, reason, problem: 'too-costly' }, true);
      const onMessage = (reply: SandboxReply) => {
        if (reply.job === job) done(reply.result, false);
      };
      const onError = (error: unknown) =>
        skip(isOutOfMemory(error) ? `reading it needs more than ${limits.memoryMb} MB` : `its reader failed (${error instanceof Error ? error.message : String(error)})`);
      const onExit = () => skip('its reader stopped');
      const timer = setTimeout(() => skip(`reading it takes longer than ${(limits.timeoutMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`), limits.timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ job, id, file } satisfies SandboxRequest);
    });

  return {
    parse(id, file) {
      const result = queue.then(() => run(id, file));
      queue = result;
      return result;
    },
    async close() {
      await queue;
      await stop();
    },
  };
}
