/**
 * Any transformers.js feature-extraction model (default all-MiniLM-L6-v2):
 * mean pooling over tokens, then L2 normalisation. The model is read from
 * MODELS_DIR/<model id>/ first and downloaded from the Hub only when allowed.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import type { Embedder, EmbedderOptions } from './types';
import { inBatches, normalize } from './vectors';

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const WEIGHTS = { quantized: 'onnx/model_quantized.onnx', full: 'onnx/model.onnx' } as const;

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Which ONNX weights a complete local copy of `model` has, if any. */
export async function localModelWeights(modelsDir: string, model: string): Promise<'quantized' | 'full' | undefined> {
  const dir = path.join(modelsDir, model);
  for (const file of REQUIRED_FILES) if (!(await exists(path.join(dir, file)))) return undefined;
  if (await exists(path.join(dir, WEIGHTS.quantized))) return 'quantized';
  if (await exists(path.join(dir, WEIGHTS.full))) return 'full';
  return undefined;
}

export function missingModelMessage(modelsDir: string, model: string): string {
  return (
    `The transformers model "${model}" is not in ${path.join(modelsDir, model)} and could not be downloaded. ` +
    `Put ${REQUIRED_FILES.join(', ')} and ${WEIGHTS.quantized} there (MODELS_DIR), or use EMBEDDER=use-lite.`
  );
}

/** Where transformers.js downloads models from, for the reachability probe. */
export async function remoteModelUrl(model: string): Promise<string> {
  const { env } = await import('@xenova/transformers');
  return `${env.remoteHost}${env.remotePathTemplate.replaceAll('{model}', model).replaceAll('{revision}', 'main')}config.json`;
}

export async function createTransformersEmbedder(model: string, options: EmbedderOptions): Promise<Embedder> {
  const { env, pipeline } = await import('@xenova/transformers');
  const local = await localModelWeights(options.modelsDir, model);
  env.localModelPath = options.modelsDir;
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemoteModels && local === undefined;
  env.cacheDir = path.join(options.modelsDir, '.cache');
  let extractor: Awaited<ReturnType<typeof pipeline>>;
  try {
    extractor = await pipeline('feature-extraction', model, { quantized: local !== 'full' });
  } catch (cause) {
    throw new AppError('embedder_unavailable', missingModelMessage(options.modelsDir, model), { cause });
  }
  const run = async (batch: readonly string[]): Promise<Float32Array[]> => {
    const output = await extractor([...batch], { pooling: 'mean', normalize: true });
    const data = output.data as Float32Array;
    const [rows, dims] = output.dims as [number, number];
    return Array.from({ length: rows }, (_, i) => normalize(data.slice(i * dims, (i + 1) * dims)));
  };
  const [probe] = await run(['dimension probe']);
  if (!probe) throw new AppError('embedder_unavailable', `The model "${model}" returned no embedding.`);
  return {
    id: `transformers:${model}`,
    dimensions: probe.length,
    embed: (texts) => inBatches(texts, { maxTexts: options.batchSize, maxChars: options.batchChars }, run),
  };
}
