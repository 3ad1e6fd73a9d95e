/**
 * Answers in the Chat Completions wire format. The text keeps its `[n]`
 * markers and ends with a Sources list; the structured citations travel in
 * the `corpus_chat` extension field of the completion (and of the last chunk).
 */
import { randomUUID } from 'node:crypto';
import type { AnswerEvent, AnswerResponse } from '../answer';
import { quoteText } from '../answer/quote';
import { MODEL_ID } from './schema';

export interface CorpusChatExtension {
  readonly citations: AnswerResponse['citations'];
  readonly passages: AnswerResponse['passages'];
  readonly refused: boolean;
  readonly confidence: AnswerResponse['confidence'];
  /** The answer model's probability that the answer is right, where the extractive answerer judged it. */
  readonly support?: number;
  readonly kind: AnswerResponse['kind'];
  readonly query: string;
  readonly answerer: AnswerResponse['answerer'];
  readonly version: AnswerResponse['version'];
}

export function sourcesText(response: AnswerResponse): string {
  if (response.citations.length === 0) return '';
  return `\n\nSources:\n${response.citations.map((c) => `[${c.id}] ${quoteText(c.title)} (${quoteText(c.doc)})`).join('\n')}`;
}

function extension(r: AnswerResponse): CorpusChatExtension {
  return {
    citations: r.citations,
    passages: r.passages,
    refused: r.refused,
    confidence: r.confidence,
    ...(r.support === undefined ? {} : { support: r.support }),
    kind: r.kind,
    query: r.query,
    answerer: r.answerer,
    version: r.version,
  };
}

/** Whitespace-separated words: a stand-in for tokens, which corpus-chat does not count. */
function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function completion(response: AnswerResponse, promptText: string) {
  const content = `${response.answer}${sourcesText(response)}`;
  const prompt = words(promptText);
  const completionWords = words(content);
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: MODEL_ID,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: prompt, completion_tokens: completionWords, total_tokens: prompt + completionWords },
    corpus_chat: extension(response),
  };
}

/** Server-sent events of `chat.completion.chunk` objects, ending with `data: [DONE]`. */
export function completionStream(events: AsyncIterable<AnswerEvent>): ReadableStream<Uint8Array> {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const encoder = new TextEncoder();
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
    encoder.encode(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: MODEL_ID, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`,
    );
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(chunk({ role: 'assistant', content: '' }, null));
      try {
        for await (const event of events) {
          if (event.type === 'text') controller.enqueue(chunk({ content: event.delta }, null));
          else {
            const sources = sourcesText(event.response);
            if (sources) controller.enqueue(chunk({ content: sources }, null));
            controller.enqueue(chunk({}, 'stop', { corpus_chat: extension(event.response) }));
          }
        }
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      } catch {
        controller.enqueue(
          encoder.encode(
            `data: ${JSON.stringify({ error: { message: 'The answer failed part-way; please retry.', type: 'server_error', param: null, code: null } })}\n\n`,
          ),
        );
      }
      controller.close();
    },
  });
}
