/** POST /api/answer takes the request the CLI takes: {"question"} or {"messages"}. */
export { askRequestSchema as answerRequestSchema, parseAskRequest as parseAnswerRequest } from '@/lib/request';
