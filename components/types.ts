/** What the page knows about the index, passed from the server component to the chat. */
export type IndexInfo =
  | { readonly ok: true; readonly documents: number; readonly passages: number; readonly embedder: string; readonly builtAt: string }
  | { readonly ok: false; readonly message: string };

/** What the source panel shows: a span of a document to scroll to and highlight. */
export interface SourceTarget {
  readonly doc: string;
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
}
