/**
 * Request → standalone query → ranked passages, as plain data: the shape the
 * CLI prints with --json and the API returns.
 */
import type { AskRequest } from '../request';
import { standaloneQuery, type Retriever } from '../retrieval';

export interface PassageResult {
  readonly doc: string;
  readonly title: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

export interface PassagesResponse {
  readonly question: string;
  /** The query actually searched; differs from `question` when a follow-up was rewritten. */
  readonly query: string;
  readonly passages: PassageResult[];
}

export function questionOf(request: AskRequest): string {
  if ('question' in request) return request.question;
  return request.messages[request.messages.length - 1]?.content.trim() ?? '';
}

export function queryOf(request: AskRequest): string {
  return 'question' in request ? request.question : standaloneQuery(request.messages);
}

export async function findPassages(retriever: Retriever, request: AskRequest): Promise<PassagesResponse> {
  const query = queryOf(request);
  const passages = await retriever.retrieve(query, { k: request.k });
  return {
    question: questionOf(request),
    query,
    passages: passages.map((p) => ({ doc: p.docId, title: p.title, text: p.text, start: p.start, end: p.end, score: round(p.score) })),
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
