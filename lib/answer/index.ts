export { answer, streamAnswer } from './service';
export type { AnswerContext } from './service';
export { refusalText } from './wording';
export type { AnswerEvent, AnswerResponse, Citation } from './types';
