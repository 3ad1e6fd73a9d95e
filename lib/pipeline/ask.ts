/**
 * What a request asks, as the retriever and the answer need it: the question
 * as the user wrote it, the standalone query to search, and passages as the
 * plain data the API and CLI return.
 */
import type { AskRequest } from '../request';
import { standaloneQuery, type RetrievedPassage } from '../retrieval';

export interface PassageResult {
  readonly doc: string;
  readonly title: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

export function questionOf(request: AskRequest): string {
  if ('question' in request) return request.question;
  return request.messages[request.messages.length - 1]?.content.trim() ?? '';
}

/** The query actually searched; differs from the question when a follow-up is rewritten. */
export function queryOf(request: AskRequest): string {
  return 'question' in request ? request.question : standaloneQuery(request.messages);
}

export function passageResults(passages: readonly RetrievedPassage[]): PassageResult[] {
  return passages.map((p) => ({ doc: p.docId, title: p.title, text: p.text, start: p.start, end: p.end, score: Math.round(p.score * 1e6) / 1e6 }));
}
