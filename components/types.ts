/** What the page knows about the index, passed from the server component to the chat. */
export type { IndexInfo } from '@/lib/pipeline/overview';

/** What the source panel shows: a span of a document to scroll to and highlight. */
export interface SourceTarget {
  readonly doc: string;
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
}
