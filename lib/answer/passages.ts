/** Retrieved passages as the API, the chat stream and the CLI return them: plain data, `doc` for the document id. */
import type { RetrievedPassage } from '../retrieval';

export interface PassageResult {
  readonly doc: string;
  readonly title: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

export function passageResults(passages: readonly RetrievedPassage[]): PassageResult[] {
  return passages.map((p) => ({
    doc: p.docId,
    title: p.title,
    text: p.text,
    start: p.start,
    end: p.end,
    score: Math.round(p.score * 1e6) / 1e6,
  }));
}
