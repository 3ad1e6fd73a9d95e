/**
 * Chooses and creates embedders. EMBEDDER=auto prefers the transformers model
 * when it is on disk or the Hub answers, and otherwise falls back to the
 * offline use-lite model, saying why.
 */
import type { Config } from '../config';
import { promiseCache } from '../memo';
import { coalescing } from './coalesce';
import { createTransformersEmbedder, localModelWeights, remoteModelUrl } from './transformers';
import { embedderId, type Embedder, type EmbedderOptions, type EmbedderSpec } from './types';
import { createUseLiteEmbedder } from './use-lite';
import { embedderInWorker } from './worker';

export interface EmbedderChoice {
  readonly spec: EmbedderSpec;
  readonly reason: string;
}

async function hubAnswers(model: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const url = await remoteModelUrl(model);
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    return response.status < 400
      ? { ok: true, detail: `the Hub answered ${response.status}` }
      : { ok: false, detail: `the Hub answered ${response.status}` };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return { ok: false, detail: `the Hub is unreachable (${cause})` };
  }
}

export async function chooseEmbedder(config: Config['embeddings'] & { modelsDir: string }): Promise<EmbedderChoice> {
  const model = config.transformersModel;
  if (config.embedder === 'use-lite') return { spec: { family: 'use-lite' }, reason: 'EMBEDDER=use-lite' };
  if (config.embedder === 'transformers') return { spec: { family: 'transformers', model }, reason: 'EMBEDDER=transformers' };
  if (await localModelWeights(config.modelsDir, model)) {
    return { spec: { family: 'transformers', model }, reason: `${model} found in ${config.modelsDir}` };
  }
  if (!config.allowRemoteModels) {
    return { spec: { family: 'use-lite' }, reason: `${model} is not in ${config.modelsDir} and ALLOW_REMOTE_MODELS=false` };
  }
  const probe = await hubAnswers(model, config.remoteProbeTimeoutMs);
  return probe.ok
    ? { spec: { family: 'transformers', model }, reason: `${model} will be downloaded (${probe.detail})` }
    : { spec: { family: 'use-lite' }, reason: `${model} is not in ${config.modelsDir} and ${probe.detail}` };
}

export function createEmbedder(spec: EmbedderSpec, options: EmbedderOptions): Promise<Embedder> {
  return spec.family === 'use-lite' ? createUseLiteEmbedder(options) : createTransformersEmbedder(spec.model, options);
}

const loaded = promiseCache<Embedder>('embedders');

/**
 * What an embedder is for. Questions run on a thread of their own, so a
 * question asked while an upload is being indexed does not wait behind the
 * build's batches; builds use `threads` (every core by default) at a lower
 * scheduling priority, so they take every core the questions leave idle.
 */
export type EmbedderLane = 'query' | 'build';

/** The build lane's nice value: below normal, so the scheduler runs a question first. */
const BUILD_NICENESS = 10;

/**
 * One embedder per model and lane per process, shared by concurrent requests:
 * loading a model costs far more than a query, and texts that arrive together
 * are embedded in one call, in a worker thread.
 */
export function sharedEmbedder(spec: EmbedderSpec, options: EmbedderOptions, lane: EmbedderLane = 'query'): Promise<Embedder> {
  const threads = lane === 'query' ? 1 : options.threads;
  return loaded(`${embedderId(spec)}|${options.modelsDir}|${lane}`, async () =>
    coalescing(await embedderInWorker(spec, { ...options, threads }, lane === 'build' ? BUILD_NICENESS : 0), options.batchSize),
  );
}
