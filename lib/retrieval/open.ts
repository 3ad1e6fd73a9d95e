/** Wires the live index to the embedder its manifest names, once per process. */
import type { Config } from '../config';
import { sharedEmbedder, specFromId } from '../embeddings';
import { AppError, INDEX_HINT } from '../errors';
import { storeBackend } from '../store';
import { createRetriever, type Retriever } from './retrieve';

export async function openRetriever(config: Config): Promise<Retriever> {
  const index = await storeBackend(config).handle().get();
  const spec = specFromId(index.manifest.embedder.id);
  if (!spec)
    throw new AppError('index_corrupt', `The index names an unknown embedder "${index.manifest.embedder.id}".`, {
      hint: INDEX_HINT.rebuild,
    });
  const embedder = await sharedEmbedder(spec, { ...config.embeddings, modelsDir: config.paths.modelsDir });
  return createRetriever(index, embedder, { ...config.retrieval, efSearch: config.hnsw.efSearch });
}
