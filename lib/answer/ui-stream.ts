/**
 * The answer as an `ai` SDK UI message stream for `useChat`: the text streams
 * as text deltas; when it is complete, each citation follows as a
 * source-document part and the whole answer (citations with offsets, related
 * passages, refusal flag, confidence and the answer model's support) as a
 * `data-answer` part.
 */
import { createUIMessageStream, type UIMessage } from 'ai';
import { userMessage } from '../errors';
import { errorFields, type Logger } from '../log';
import type { AskRequest } from '../request';
import { streamAnswer, type AnswerContext } from './service';
import type { AnswerResponse } from './types';

export type AnswerData = Pick<
  AnswerResponse,
  'query' | 'citations' | 'passages' | 'refused' | 'confidence' | 'support' | 'kind' | 'answerer' | 'version'
>;
export type AnswerUIMessage = UIMessage<never, { answer: AnswerData }>;

export function answerUIStream(request: AskRequest, context: AnswerContext & { logger: Logger }) {
  return createUIMessageStream<AnswerUIMessage>({
    execute: async ({ writer }) => {
      const id = 'answer';
      writer.write({ type: 'start' });
      writer.write({ type: 'text-start', id });
      for await (const event of streamAnswer(request, context)) {
        if (event.type === 'text') {
          writer.write({ type: 'text-delta', id, delta: event.delta });
          continue;
        }
        writer.write({ type: 'text-end', id });
        const { query, citations, passages, refused, confidence, support, kind, answerer, version } = event.response;
        for (const c of citations) {
          writer.write({ type: 'source-document', sourceId: String(c.id), mediaType: 'text/plain', title: c.title, filename: c.doc });
        }
        const data = { query, citations, passages, refused, confidence, kind, answerer, version };
        writer.write({ type: 'data-answer', data: support === undefined ? data : { ...data, support } });
      }
      writer.write({ type: 'finish' });
    },
    onError: (error) => {
      context.logger.log('error', 'chat.failed', errorFields(error));
      return userMessage(error);
    },
  });
}
