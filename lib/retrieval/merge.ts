/**
 * Overlapping passages of one document (chunk overlap makes neighbours share
 * sentences) are merged into one span so a result list never repeats text.
 */
import type { RetrievedPassage } from './types';

function overlaps(a: RetrievedPassage, b: RetrievedPassage): boolean {
  return a.docId === b.docId && a.start < b.end && b.start < a.end;
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/**
 * Walks the ranking best first until `limit` distinct spans are kept; a passage
 * overlapping one already kept widens that one (which keeps its rank, id and
 * score) instead of appearing twice. Passages ranked below the point where the
 * list filled up are never merged in, so results do not grow with the candidate pool.
 */
export function mergeOverlapping(
  ranked: readonly RetrievedPassage[],
  documentText: (docId: string) => string,
  limit = Number.POSITIVE_INFINITY,
): RetrievedPassage[] {
  const merged: RetrievedPassage[] = [];
  for (const passage of ranked) {
    if (merged.length >= limit) break;
    let current = passage;
    let position = merged.length;
    for (let i = merged.findIndex((m) => overlaps(m, current)); i >= 0; i = merged.findIndex((m) => overlaps(m, current))) {
      const [kept] = merged.splice(i, 1) as [RetrievedPassage];
      const [better, worse] = i < position ? [kept, current] : [current, kept];
      position = Math.min(position, i);
      const start = Math.min(better.start, worse.start);
      const end = Math.max(better.end, worse.end);
      current = {
        ...better,
        start,
        end,
        text: documentText(better.docId).slice(start, end),
        dense: maxDefined(better.dense, worse.dense),
        lexical: maxDefined(better.lexical, worse.lexical),
      };
    }
    merged.splice(position, 0, current);
  }
  return merged;
}
