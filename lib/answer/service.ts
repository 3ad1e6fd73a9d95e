/**
 * answer(request): question → standalone query → passages → evidence →
 * extractive answer, or an LLM answer when one is configured (falling back to
 * the extractive one when the model fails). Streaming and non-streaming share
 * this one path; `answer` just collects the stream.
 */
import type { Config } from '../config';
import { stderrLogger, type Logger } from '../log';
import { questionOf, type AskRequest } from '../request';
import { queryOf, type Retriever } from '../retrieval';
import { type SpanResult, spanResult } from '../span';
import { gatherEvidence } from './evidence';
import { extractiveReply, type ExtractiveAnswer } from './extractive';
import { intentOf, overviewTerms, type Intent } from './intent';
import { llmAnswer } from './llm/answerer';
import type { AnswerModel } from './model';
import { DEFAULT_POLICY, type AnswerPolicy } from './policy';
import { collectionReply, greetingReply, helpReply } from './replies';
import { summaryAnswer } from './summary';
import { entityKindOf, mentionsReply } from './mentions';
import { rewriteFollowUp } from './llm/rewrite';
import type { AnswerEvent, AnswerResponse } from './types';
import { refusalText } from './wording';

export interface AnswerContext {
  readonly retriever: Retriever;
  readonly config: Pick<Config, 'answer' | 'llm' | 'corpus'>;
  /** The extractive answerer's weights and thresholds; DEFAULT_POLICY when absent. */
  readonly policy?: AnswerPolicy;
  /** The fitted refusal model; DEFAULT_MODEL when absent. */
  readonly model?: AnswerModel;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

/** Replies decided before retrieval (small talk, help, the collection) or built from many documents (an overview). */
async function* routed(
  intent: Exclude<Intent, 'question'>,
  request: AskRequest,
  context: AnswerContext,
  policy: AnswerPolicy,
): AsyncGenerator<Unversioned> {
  const { retriever, config } = context;
  const { index } = retriever;
  const question = questionOf(request);
  let reply: ExtractiveAnswer | undefined;
  let passages: SpanResult[] = [];
  if (intent === 'greeting') reply = greetingReply(question, config.corpus, index);
  else if (intent === 'help') reply = helpReply(config.corpus, index);
  else if (intent === 'collection') {
    const entities = entityKindOf(question);
    reply = entities ? await mentionsReply(entities, config.corpus, index, policy) : collectionReply(config.corpus, index);
  } else {
    // About something the corpus names: an overview of what retrieval finds on it; else of every document.
    const scoped = overviewTerms(question).some((t) => index.term(t).present);
    const vector = scoped ? await retriever.embedQuery(question) : undefined;
    const retrieved = scoped ? await retriever.retrieve(question, { k: policy.overview.passages, vector }) : undefined;
    passages = retrieved ? retrieved.map((p) => spanResult(p)) : [];
    reply = await summaryAnswer(index, retrieved, policy, vector);
  }
  const base = { question, query: question, passages, answerer: 'extractive' } as const;
  if (!reply) {
    const refusal = refusalText(config.corpus);
    yield* told([refusal], { ...base, answer: refusal, citations: [], refused: true, confidence: 'none', kind: 'refusal' });
    return;
  }
  yield* told(reply.pieces, {
    ...base,
    answer: reply.answer,
    citations: reply.citations,
    refused: false,
    confidence: 'high',
    kind: intent,
  });
}

/** A reply as the stream carries it: its text in pieces, then the whole response. */
function* told(pieces: readonly string[], response: Omit<AnswerResponse, 'version'>): Generator<Unversioned> {
  for (const delta of pieces) yield { type: 'text', delta };
  yield { type: 'done', response };
}

/**
 * The answer's events; the response names the index version its citations point into, so a reader can ask
 * for that version's text (GET /api/documents/{id}?version=…) after a rebuild has changed the document.
 */
export async function* streamAnswer(request: AskRequest, context: AnswerContext): AsyncGenerator<AnswerEvent> {
  const version = context.retriever.index.version;
  for await (const event of replyEvents(request, context))
    yield event.type === 'done' ? { type: 'done', response: { ...event.response, version } } : event;
}

type Unversioned =
  | { readonly type: 'text'; readonly delta: string }
  | { readonly type: 'done'; readonly response: Omit<AnswerResponse, 'version'> };

async function* replyEvents(request: AskRequest, context: AnswerContext): AsyncGenerator<Unversioned> {
  const { retriever, config } = context;
  const logger = context.logger ?? stderrLogger;
  const policy = context.policy ?? DEFAULT_POLICY;
  const question = questionOf(request);
  const intent = intentOf(question, config.corpus.name);
  if (intent !== 'question') {
    logger.log('info', 'answer.routed', { intent });
    yield* routed(intent, request, context, policy);
    return;
  }
  const query =
    'messages' in request && config.llm.provider !== 'none'
      ? await rewriteFollowUp(request.messages, config.llm, logger)
      : queryOf(request);
  const vector = await retriever.embedQuery(query);
  const retrieved = await retriever.retrieve(query, { k: request.k ?? config.answer.passages, vector });
  const passages = retrieved.map((p) => spanResult(p));
  const evidence = await gatherEvidence(retriever.index, retrieved, { text: query, vector, focus: question }, policy, context.model);
  const base = { question, query, passages };

  const reply = () => extractiveReply(retriever.index, evidence, policy, config.answer.maxWords, config.corpus);
  if (evidence.refusal) logger.log('info', 'answer.refused', { query, reason: evidence.refusal });
  if (config.llm.provider !== 'none' && !evidence.refusal) {
    const result = yield* llmAnswer({
      question,
      query,
      passages: retrieved,
      index: retriever.index,
      llm: config.llm,
      corpus: config.corpus,
      logger,
      signal: context.signal,
      fallback: reply,
    });
    yield {
      type: 'done',
      response: {
        ...base,
        ...result,
        confidence: result.refused ? 'none' : evidence.confidence,
        support: evidence.support,
        kind: result.refused ? 'refusal' : 'answer',
      },
    };
    return;
  }
  const { pieces, ...response } = await reply();
  yield* told(pieces, { ...base, ...response, answerer: 'extractive' });
}

export async function answer(request: AskRequest, context: AnswerContext): Promise<AnswerResponse> {
  for await (const event of streamAnswer(request, context)) if (event.type === 'done') return event.response;
  throw new Error('the answer stream ended without a response');
}
