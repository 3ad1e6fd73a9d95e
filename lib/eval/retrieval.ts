/**
 * Retrieval quality on an evaluation set: a hit is a passage from an expected
 * document that contains an expected phrase. Reports hit@1/3/5 and MRR@5 per
 * retrieval mode; unanswerable entries are left out (there is nothing to find).
 */
import { queryOf, type RetrievalMode, type RetrievedPassage, type Retriever } from '../retrieval';
import { normalizeForMatch } from '../text/tokenize';
import { requestOf, type EvalEntry } from './dataset';

export const EVAL_DEPTH = 5;

export interface ModeScores {
  readonly mode: RetrievalMode;
  readonly questions: number;
  readonly hitAt1: number;
  readonly hitAt3: number;
  readonly hitAt5: number;
  readonly mrr: number;
  /** Rank of the first hit per entry id (0 = not in the top EVAL_DEPTH). */
  readonly ranks: Record<string, number>;
}

export function isHit(passage: Pick<RetrievedPassage, 'docId' | 'text'>, entry: EvalEntry): boolean {
  if (!entry.docs.includes(passage.docId)) return false;
  const text = normalizeForMatch(passage.text);
  return entry.expect_any.some((phrase) => text.includes(normalizeForMatch(phrase)));
}

/** Whether an entry has something to find: answerable, with documents and phrases (not small talk). */
export function retrievable(entry: EvalEntry): boolean {
  return !entry.unanswerable && entry.docs.length > 0 && entry.expect_any.length > 0;
}

/** 1-based rank of the first hit, or 0. */
export function firstHitRank(passages: readonly Pick<RetrievedPassage, 'docId' | 'text'>[], entry: EvalEntry): number {
  const i = passages.findIndex((p) => isHit(p, entry));
  return i + 1;
}

export async function evaluateRetrieval(
  retriever: Retriever,
  entries: readonly EvalEntry[],
  modes: readonly RetrievalMode[],
): Promise<ModeScores[]> {
  const answerable = entries.filter(retrievable);
  const results: ModeScores[] = [];
  for (const mode of modes) {
    const ranks: Record<string, number> = {};
    for (const entry of answerable) {
      const passages = await retriever.retrieve(queryOf(requestOf(entry)), { k: EVAL_DEPTH, mode });
      ranks[entry.id] = firstHitRank(passages, entry);
    }
    const values = Object.values(ranks);
    const n = values.length || 1;
    const share = (k: number) => values.filter((r) => r > 0 && r <= k).length / n;
    results.push({
      mode,
      questions: values.length,
      hitAt1: share(1),
      hitAt3: share(3),
      hitAt5: share(5),
      mrr: values.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / n,
      ranks,
    });
  }
  return results;
}
