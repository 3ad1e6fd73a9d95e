/**
 * Concurrent callers share model calls: texts asked for within one turn of the
 * event loop, or while the model is busy, go together in its next call. A model
 * call costs (and allocates) mostly per graph operation rather than per text:
 * one call for 32 queries takes under half the time of 32 calls and a tenth of
 * the garbage. The one-turn wait lets callers that arrive together share even
 * the first call; a lone caller waits only that turn (well under a millisecond).
 */
import type { Embedder } from './types';

interface Job {
  readonly texts: readonly string[];
  readonly resolve: (vectors: Float32Array[]) => void;
  readonly reject: (error: unknown) => void;
}

/** Jobs from the front of the queue up to `maxTexts` texts; always at least one job. */
function takeBatch(queue: Job[], maxTexts: number): Job[] {
  let count = 0;
  let n = 0;
  while (n < queue.length && (n === 0 || count + (queue[n] as Job).texts.length <= maxTexts)) count += (queue[n++] as Job).texts.length;
  return queue.splice(0, n);
}

async function run(embedder: Embedder, jobs: readonly Job[]): Promise<void> {
  try {
    const vectors = await embedder.embed(jobs.flatMap((job) => job.texts));
    let at = 0;
    for (const job of jobs) {
      job.resolve(vectors.slice(at, at + job.texts.length));
      at += job.texts.length;
    }
  } catch (error) {
    if (jobs.length === 1) return (jobs[0] as Job).reject(error);
    // One caller's bad text must not fail the others: retry each on its own.
    for (const job of jobs) await run(embedder, [job]);
  }
}

export function coalescing(embedder: Embedder, maxTexts: number): Embedder {
  const queue: Job[] = [];
  let running = false;
  const drain = async () => {
    while (queue.length > 0) await run(embedder, takeBatch(queue, maxTexts));
    running = false;
  };
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    embed: (texts) =>
      new Promise((resolve, reject) => {
        if (texts.length === 0) return resolve([]);
        queue.push({ texts, resolve, reject });
        if (!running) {
          running = true;
          setImmediate(() => void drain());
        }
      }),
  };
}
