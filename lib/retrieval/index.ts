export { type Condensed, condense, condenseRequest, isFollowUp, namedEntities, queryOf } from './condense';
export { fuse, reciprocalRankFusion, weightedFusion } from './fusion';
export { mergeOverlapping } from './merge';
export { openRetriever } from './open';
export { createRetriever } from './retrieve';
export type { RetrievalSettings, Retriever } from './retrieve';
export type { RetrievalMode, RetrievedPassage, RetrieveOptions } from './types';
