/** What the page knows about the index, passed from the server component to the chat. */
export type { IndexInfo } from '@/lib/pipeline/overview';

import type { SpanResult } from '@/lib/span';

/** What the source panel shows: a span of a document (as the API names it) to scroll to and highlight. */
export interface SourceTarget extends Pick<SpanResult, 'doc' | 'title' | 'start' | 'end'> {
  readonly label: string;
  /** For a citation: the index version its offsets point into, and the text they cover, to check them against. */
  readonly cited?: { readonly version: string; readonly text: string };
  /** The document has been deleted since the answer: the panel shows the cited sentence from the answer. */
  readonly removed?: boolean;
}
