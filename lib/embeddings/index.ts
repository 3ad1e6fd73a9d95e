export { chooseEmbedder, createEmbedder, sharedEmbedder } from './select';
export type { EmbedderChoice, EmbedderLane } from './select';
export { localModelWeights, missingModelMessage } from './transformers';
export { embedderId, specFromId } from './types';
export type { Embedder, EmbedderOptions, EmbedderSpec } from './types';
export { dot, normalize } from './vectors';
