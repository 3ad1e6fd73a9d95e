/**
 * Answer quality on an evaluation set. For an answerable entry: was an
 * expected passage retrieved, does the answer contain an expected phrase, does
 * a citation point to an expected document, and was it not refused. For an
 * unanswerable one: was it refused.
 */
import type { AnswerResponse } from '../answer';
import { normalizeForMatch } from '../text/tokenize';
import { requestOf, type EvalEntry } from './dataset';
import { isHit } from './retrieval';

export interface QaRow {
  readonly id: string;
  readonly unanswerable: boolean;
  readonly retrieved: boolean;
  readonly phrase: boolean;
  readonly cited: boolean;
  readonly refused: boolean;
  readonly pass: boolean;
  readonly answer: string;
}

export interface QaSummary {
  readonly rows: QaRow[];
  readonly answerable: number;
  readonly answered: number;
  readonly unanswerable: number;
  readonly refused: number;
}

export function judge(entry: EvalEntry, response: AnswerResponse): QaRow {
  const answer = normalizeForMatch(response.answer);
  const retrieved = response.passages.some((p) => isHit({ docId: p.doc, text: p.text }, entry));
  const phrase = entry.expect_any.some((e) => answer.includes(normalizeForMatch(e)));
  const cited = response.citations.some((c) => entry.docs.includes(c.doc));
  const pass = entry.unanswerable ? response.refused : !response.refused && phrase && cited;
  return { id: entry.id, unanswerable: entry.unanswerable, retrieved, phrase, cited, refused: response.refused, pass, answer: response.answer };
}

export async function evaluateAnswers(entries: readonly EvalEntry[], ask: (request: ReturnType<typeof requestOf>) => Promise<AnswerResponse>): Promise<QaSummary> {
  const rows: QaRow[] = [];
  for (const entry of entries) rows.push(judge(entry, await ask(requestOf(entry))));
  const answerableRows = rows.filter((r) => !r.unanswerable);
  const unanswerableRows = rows.filter((r) => r.unanswerable);
  return {
    rows,
    answerable: answerableRows.length,
    answered: answerableRows.filter((r) => r.pass).length,
    unanswerable: unanswerableRows.length,
    refused: unanswerableRows.filter((r) => r.pass).length,
  };
}
