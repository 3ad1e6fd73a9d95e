/**
 * Users' verdicts on answers (POST /api/feedback), kept where the index is kept: appended to JSONL files
 * under FEEDBACK_DIR by the files store, rows of the `feedback` table in the Postgres store. Entries are
 * never changed: a comment added to a verdict is a later entry with the same id, and readers keep the last.
 */
import type { Config } from '../config';
import { filesFeedback } from './files/feedback';
import { postgresFeedback } from './postgres/feedback';

export type Verdict = 'up' | 'down';

/** A cited sentence as the answer showed it. */
export interface FeedbackCitation {
  readonly id: number;
  readonly doc: string;
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface FeedbackEntry {
  /** The page's id for this verdict; a later entry with the same id replaces it. */
  readonly id: string;
  /** When the server took it (ISO 8601). */
  readonly receivedAt: string;
  /** The conversation (the page's id) the answer belongs to. */
  readonly conversation: string;
  readonly question: string;
  readonly answer: string;
  readonly citations: readonly FeedbackCitation[];
  readonly answerer: 'extractive' | 'llm';
  /** The index version the answer was given from. */
  readonly version: string;
  readonly confidence: 'high' | 'medium' | 'low' | 'none';
  readonly refused: boolean;
  readonly verdict: Verdict;
  readonly comment?: string;
}

export interface FeedbackLog {
  /** Where, for messages. */
  readonly location: string;
  append(entry: FeedbackEntry): Promise<void>;
  /** Every entry, oldest first, the last of each id only. */
  entries(): Promise<FeedbackEntry[]>;
}

/** The last entry of each id, in the order each id was first given. */
export function latestById(entries: Iterable<FeedbackEntry>): FeedbackEntry[] {
  const byId = new Map<string, FeedbackEntry>();
  for (const entry of entries) byId.set(entry.id, entry);
  return [...byId.values()];
}

/** The feedback log of the configured store (STORE). */
export function feedbackLog(config: Pick<Config, 'paths' | 'store' | 'feedback'>): FeedbackLog {
  const { store } = config;
  if (store.kind === 'postgres' && store.databaseUrl) return postgresFeedback(store.databaseUrl, store.poolSize);
  return filesFeedback(config.paths.feedbackDir, config.feedback.rotateMb * 1024 * 1024);
}
