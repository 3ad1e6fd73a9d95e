/**
 * answer(request): question → standalone query → passages → evidence →
 * extractive answer, or an LLM answer when one is configured (falling back to
 * the extractive one when the model fails). Streaming and non-streaming share
 * this one path; `answer` just collects the stream.
 */
import type { Config } from '../config';
import { stderrLogger, type Logger } from '../log';
import type { AskRequest } from '../request';
import type { Retriever } from '../retrieval';
import { type SpanResult, spanResult } from '../span';
import { gatherEvidence } from './evidence';
import { extractiveReply, type ExtractiveAnswer } from './extractive';
import type { Intent } from './intent';
import { llmAnswer } from './llm/answerer';
import type { AnswerModel } from './model';
import { DEFAULT_POLICY, type AnswerPolicy } from './policy';
import { collectionReply, greetingReply, helpReply } from './replies';
import { summaryAnswer } from './summary';
import { mentionsReply } from './mentions';
import { rewriteFollowUp } from './llm/rewrite';
import { analyzeTurn, type TurnAnalysis } from './turn';
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

/** A routed reply and the passages it was built from (an overview's retrieval; none for the others). */
interface Routed {
  readonly reply: ExtractiveAnswer | undefined;
  readonly passages: SpanResult[];
}

type Route = (turn: TurnAnalysis, context: AnswerContext, policy: AnswerPolicy) => Promise<Routed>;

/**
 * Each intent but a question, and the handler that replies to it: decided before retrieval (small talk, help,
 * the collection) or built from many documents (an overview). One table, as LlamaIndexTS maps a response mode
 * to its synthesizer.
 */
const ROUTES: Record<Exclude<Intent, 'question'>, Route> = {
  greeting: async (turn, { config, retriever }) => ({ reply: greetingReply(turn.smallTalk, config.corpus, retriever.index), passages: [] }),
  help: async (_turn, { config, retriever }) => ({ reply: helpReply(config.corpus, retriever.index), passages: [] }),
  collection: async (turn, { config, retriever }, policy) => ({
    reply: turn.entities
      ? await mentionsReply(turn.entities, config.corpus, retriever.index, policy)
      : collectionReply(config.corpus, retriever.index),
    passages: [],
  }),
  overview: async (turn, { retriever }, policy) => {
    // About something the corpus names: an overview of what retrieval finds on it; else of every document.
    const { index } = retriever;
    if (!turn.about.some((t) => index.term(t).present))
      return { reply: await summaryAnswer(index, undefined, policy, undefined), passages: [] };
    const vector = await retriever.embedQuery(turn.question);
    const retrieved = await retriever.retrieve(turn.question, { k: policy.overview.passages, vector });
    return { reply: await summaryAnswer(index, retrieved, policy, vector), passages: retrieved.map((p) => spanResult(p)) };
  },
};

async function* routed(
  intent: Exclude<Intent, 'question'>,
  turn: TurnAnalysis,
  context: AnswerContext,
  policy: AnswerPolicy,
): AsyncGenerator<Unversioned> {
  const { reply, passages } = await ROUTES[intent](turn, context, policy);
  const base = { question: turn.question, query: turn.question, passages, answerer: 'extractive' } as const;
  if (!reply) {
    const refusal = refusalText(context.config.corpus);
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
  const turn = analyzeTurn(request, retriever.index, config.corpus.name);
  const { question, intent } = turn;
  if (intent !== 'question') {
    logger.log('info', 'answer.routed', { intent });
    yield* routed(intent, turn, context, policy);
    return;
  }
  const query =
    'messages' in request && config.llm.provider !== 'none'
      ? await rewriteFollowUp(turn, request.messages, config.llm, logger)
      : turn.query;
  const vector = await retriever.embedQuery(query);
  const retrieved = await retriever.retrieve(query, { k: request.k ?? config.answer.passages, vector });
  const passages = retrieved.map((p) => spanResult(p));
  const evidence = await gatherEvidence(retriever.index, retrieved, { text: query, vector }, turn, policy, context.model);
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
