/**
 * Users' feedback as an eval suite (`npm run feedback -- export`): a thumbs-up answer becomes an answerable
 * item whose expected phrase is the cited sentence's key phrase, so a later version is scored on giving that
 * answer again; a thumbs-down answer becomes an item flagged for review, carrying the comment, for a person to
 * write the expected answer of (the eval does not score it until the flag is taken off).
 */
import type { FeedbackEntry } from '../store/feedback';
import { isStopWord, normalizeForMatch, tokenize, words } from '../text/tokenize';

/** The longest key phrase kept: long enough to be specific, short enough to survive a reworded quote. */
const PHRASE_WORDS = 6;

/** The raw items, as dataset.ts reads them (field names of shared/eval). */
export interface FeedbackItem {
  readonly id: string;
  readonly kind: 'direct';
  readonly question: string;
  readonly messages: null;
  readonly expect_docs: string[];
  readonly expect_any: string[];
  readonly answerable: true;
  readonly review?: true;
  readonly comment?: string;
  /** What was answered, for the reviewer of a thumbs-down item. */
  readonly answer?: string;
}

/**
 * The words of `sentence` that say what the question did not: the longest run of words whose content words
 * are all new to the question, trimmed of stop words at both ends and cut to PHRASE_WORDS. A run must appear
 * in the answer as shown (`answer`), so the phrase can match it. Undefined when the sentence only repeats
 * the question.
 */
export function keyPhrase(sentence: string, question: string, answer: string): string | undefined {
  const asked = new Set(tokenize(question));
  const shown = normalizeForMatch(answer);
  // Words with their offsets: the phrase is cut from the sentence itself, punctuation and all, so it is verbatim.
  const tokens = [...sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  const isNew = (token: string) => {
    const ws = words(token);
    return ws.length > 0 && ws.every((w) => isStopWord(w) || !tokenize(w).every((t) => asked.has(t)));
  };
  const isContent = (token: string) => words(token).some((w) => !isStopWord(w));
  let best: { words: number; text: string } | undefined;
  let run: typeof tokens = [];
  const close = () => {
    let from = 0;
    let to = run.length;
    while (from < to && !isContent(run[from]?.text ?? '')) from++;
    while (to > from && !isContent(run[to - 1]?.text ?? '')) to--;
    to = Math.min(to, from + PHRASE_WORDS);
    while (to > from && !isContent(run[to - 1]?.text ?? '')) to--;
    const kept = run.slice(from, to);
    const first = kept[0];
    const last = kept[kept.length - 1];
    run = [];
    if (!first || !last || kept.length <= (best?.words ?? 0)) return;
    const text = sentence.slice(first.start, last.end);
    if (shown.includes(normalizeForMatch(text))) best = { words: kept.length, text };
  };
  for (const token of tokens) {
    if (isNew(token.text)) run.push(token);
    else close();
  }
  close();
  return best?.text;
}

/** Strips the answer's `[n]` markers, which are not text of the document. */
function shownText(answer: string): string {
  return answer.replace(/\s*\[\d+\]/g, '');
}

export function feedbackItems(entries: readonly FeedbackEntry[]): FeedbackItem[] {
  const items: FeedbackItem[] = [];
  for (const entry of entries) {
    const base = {
      id: `feedback-${entry.id.slice(0, 8)}`,
      kind: 'direct' as const,
      question: entry.question,
      messages: null,
      answerable: true as const,
    };
    const cited = entry.citations[0];
    const phrase =
      entry.verdict === 'up' && !entry.refused && cited ? keyPhrase(cited.text, entry.question, shownText(entry.answer)) : undefined;
    // The phrase is the first source's, so that source's document is the one a right answer cites.
    if (phrase && cited) items.push({ ...base, expect_docs: [cited.doc], expect_any: [phrase] });
    else
      items.push({
        ...base,
        expect_docs: [...new Set(entry.citations.map((c) => c.doc))],
        expect_any: [],
        review: true,
        answer: entry.answer,
        ...(entry.comment ? { comment: entry.comment } : {}),
      });
  }
  return items;
}

export interface FeedbackStats {
  readonly total: number;
  /** Share of thumbs up, by answerer and by confidence. */
  readonly byAnswerer: readonly StatRow[];
  readonly byConfidence: readonly StatRow[];
}

export interface StatRow {
  readonly key: string;
  readonly up: number;
  readonly down: number;
}

function tally(entries: readonly FeedbackEntry[], key: (e: FeedbackEntry) => string): StatRow[] {
  const rows = new Map<string, { up: number; down: number }>();
  for (const entry of entries) {
    const row = rows.get(key(entry)) ?? { up: 0, down: 0 };
    row[entry.verdict]++;
    rows.set(key(entry), row);
  }
  return [...rows].map(([k, r]) => ({ key: k, ...r })).sort((a, b) => a.key.localeCompare(b.key));
}

export function feedbackStats(entries: readonly FeedbackEntry[]): FeedbackStats {
  return {
    total: entries.length,
    byAnswerer: tally(entries, (e) => e.answerer),
    byConfidence: tally(entries, (e) => e.confidence),
  };
}
