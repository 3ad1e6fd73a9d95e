/**
 * One shape for a quoted stretch of a document, from retrieval to the page:
 * a passage retrieval ranked, a sentence an answer quotes, the source a
 * citation opens. Offsets index the document's cleaned text.
 */

/** Where a span lies: a document and offsets into its cleaned text. */
export interface Located {
  readonly docId: string;
  readonly start: number;
  readonly end: number;
}

export interface Span extends Located {
  readonly title: string;
  readonly text: string;
  /** How well it matches what was asked; what the score means depends on who ranked it. */
  readonly score: number;
}

/** A span as the public API returns it, where the document id is named `doc`. */
export interface SpanResult extends Omit<Span, 'docId'> {
  readonly doc: string;
}

/** The public form of a span; scores keep `digits` decimals, enough to rank and short to read. */
export function spanResult({ docId, title, text, start, end, score }: Span, digits = 6): SpanResult {
  const scale = 10 ** digits;
  return { doc: docId, title, text, start, end, score: Math.round(score * scale) / scale };
}
