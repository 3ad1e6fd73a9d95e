export { chunkDocument } from './splitter';
export type { ChunkableDocument } from './splitter';
export type { ChunkedDocument, ChunkingOptions, Passage, Sentence } from './types';
