export { answer, streamAnswer } from './service';
export type { AnswerContext } from './service';
export type { AnswerEvent, AnswerResponse, Citation } from './types';
