export { cleanText, titleFromText } from './clean';
export { DOCUMENT_EXTENSIONS, FORMATS, formatOf, usualExtensions } from './formats';
export { documentId, loadCorpus, parseDocument } from './load';
export type { CorpusDocument, DocumentFormat, LoadedCorpus, SkippedFile } from './types';
export { stagingDir, sweepStaging } from './staging';
