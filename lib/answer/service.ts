/**
 * answer(request): question → standalone query → passages → evidence →
 * extractive answer, or an LLM answer when one is configured (falling back to
 * the extractive one when the model fails). Streaming and non-streaming share
 * this one path; `answer` just collects the stream.
 */
import type { Config } from '../config';
import { stderrLogger, type Logger } from '../log';
import { passageResults, questionOf, queryOf } from '../pipeline/ask';
import type { AskRequest } from '../request';
import type { Retriever } from '../retrieval';
import { gatherEvidence } from './evidence';
import { extractiveAnswer } from './extractive';
import { llmAnswer } from './llm/answerer';
import { DEFAULT_POLICY, type AnswerPolicy } from './policy';
import { rewriteFollowUp } from './llm/rewrite';
import type { AnswerEvent, AnswerResponse } from './types';
import { refusalText } from './wording';

export interface AnswerContext {
  readonly retriever: Retriever;
  readonly config: Pick<Config, 'answer' | 'llm' | 'corpus'>;
  /** The extractive answerer's weights and thresholds; DEFAULT_POLICY when absent. */
  readonly policy?: AnswerPolicy;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

export async function* streamAnswer(request: AskRequest, context: AnswerContext): AsyncGenerator<AnswerEvent> {
  const { retriever, config } = context;
  const logger = context.logger ?? stderrLogger;
  const policy = context.policy ?? DEFAULT_POLICY;
  const question = questionOf(request);
  const query = 'messages' in request && config.llm.provider !== 'none' ? await rewriteFollowUp(request.messages, config.llm, logger) : queryOf(request);
  const vector = await retriever.embedQuery(query);
  const retrieved = await retriever.retrieve(query, { k: request.k ?? config.answer.passages, vector });
  const passages = passageResults(retrieved);
  const evidence = gatherEvidence(retriever.index, retrieved, { text: query, vector, focus: question }, policy);
  const base = { question, query, passages };

  if (evidence.refusal) {
    logger.log('info', 'answer.refused', { query, reason: evidence.refusal });
    const refusal = refusalText(config.corpus);
    yield { type: 'text', delta: refusal };
    yield { type: 'done', response: { ...base, answer: refusal, citations: [], refused: true, confidence: 'none', answerer: 'extractive' } };
    return;
  }

  const extractive = () => extractiveAnswer(retriever.index, evidence, policy, config.answer.maxWords);
  if (config.llm.provider !== 'none') {
    const result = yield* llmAnswer({ question, query, passages: retrieved, index: retriever.index, llm: config.llm, corpus: config.corpus, logger, signal: context.signal, fallback: extractive });
    yield { type: 'done', response: { ...base, ...result, confidence: result.refused ? 'none' : evidence.confidence } };
    return;
  }
  const { answer, citations, pieces } = extractive();
  for (const piece of pieces) yield { type: 'text', delta: piece };
  yield { type: 'done', response: { ...base, answer, citations, refused: false, confidence: evidence.confidence, answerer: 'extractive' } };
}

export async function answer(request: AskRequest, context: AnswerContext): Promise<AnswerResponse> {
  for await (const event of streamAnswer(request, context)) if (event.type === 'done') return event.response;
  throw new Error('the answer stream ended without a response');
}
