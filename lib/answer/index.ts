export { answer, streamAnswer } from './service';
export type { AnswerContext } from './service';
export { REFUSAL_TEXT } from './types';
export type { AnswerEvent, AnswerResponse, Citation } from './types';
