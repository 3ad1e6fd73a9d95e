export { cleanText, titleFromText } from './clean';
export { formatOf } from './formats';
export { documentId, loadCorpus, parseDocument } from './load';
export type { CorpusDocument, DocumentFormat, LoadedCorpus, SkippedFile } from './types';
