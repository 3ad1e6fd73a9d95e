/** Answer data shared by the API, the chat stream and the CLI. */
import type { SpanResult } from '../span';

export type Confidence = 'high' | 'medium' | 'low' | 'none';

/** What kind of reply a response is: an answer from the documents, a refusal, an overview, the list of documents, small talk or help. */
export type ReplyKind = 'answer' | 'refusal' | 'overview' | 'collection' | 'greeting' | 'help';

/** One numbered source of an answer: the cited sentence, which `start`/`end` locate in the cleaned document. */
export interface Citation extends SpanResult {
  readonly id: number;
}

export interface AnswerResponse {
  readonly question: string;
  /** The standalone query that was searched (differs from `question` for a rewritten follow-up). */
  readonly query: string;
  /** Markdown-free text; each claim ends with its `[n]` marker. */
  readonly answer: string;
  readonly citations: Citation[];
  /** Retrieved passages: the evidence, or related reading when refused. */
  readonly passages: SpanResult[];
  readonly refused: boolean;
  /**
   * How sure the answer is: "high" when its best sentence clearly answers, "medium" or "low" when the
   * evidence is real but weak (the closest sentences are quoted), "none" for a refusal.
   */
  readonly confidence: Confidence;
  /**
   * The answer model's probability that the best sentence answers the question (lib/answer/model.ts), which
   * `confidence` bands; absent for replies that are not answers to a question (small talk, an overview).
   */
  readonly support?: number;
  readonly kind: ReplyKind;
  /** Which answerer wrote `answer`. */
  readonly answerer: 'extractive' | 'llm';
  /** The index version the citations' offsets point into (see GET /api/documents/{id}?version=). */
  readonly version: string;
}

export type AnswerEvent = { readonly type: 'text'; readonly delta: string } | { readonly type: 'done'; readonly response: AnswerResponse };
