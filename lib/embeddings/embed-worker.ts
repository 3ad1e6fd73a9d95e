/**
 * The worker-thread side of lib/embeddings/worker.ts: loads one embedder and
 * answers `{id, texts}` with `{id, vectors}` (their buffers transferred) or
 * `{id, error}`.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../errors';
import { errorFields, stderrLogger } from '../log';
import { createEmbedder } from './select';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol';

function failure(error: unknown): { code?: string; message: string } {
  return isAppError(error)
    ? { code: error.code, message: error.message }
    : { message: error instanceof Error ? error.message : String(error) };
}

const port = parentPort;
if (port) {
  const { spec, options, niceness } = workerData as WorkerSetup;
  // On Linux a thread's priority is its own and threads it starts inherit it: pid 0 is this thread.
  if (niceness > 0) setPriority(0, niceness);
  const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
  createEmbedder(spec, options).then(
    (embedder) => {
      post({ type: 'ready', id: embedder.id, dimensions: embedder.dimensions });
      port.on('message', ({ id, texts }: WorkerRequest) => {
        embedder.embed(texts).then(
          // Moved, not copied; vectors that are views of one buffer list it once.
          (vectors) => post({ type: 'vectors', id, vectors }, [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))]),
          (error: unknown) => post({ type: 'failed', id, error: failure(error) }),
        );
      });
    },
    (error: unknown) => {
      // The reply carries a message for the user; what went wrong underneath is for the operator's log.
      const cause = error instanceof Error && error.cause !== undefined ? error.cause : undefined;
      if (cause) stderrLogger.log('error', 'embedder.load_failed', errorFields(cause));
      post({ type: 'failed', id: -1, error: failure(error) });
    },
  );
}
