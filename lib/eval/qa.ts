/**
 * Answer quality on an evaluation set, scored per kind as shared/eval/README.md
 * says: an answerable question is right when the answer is not refused,
 * contains an expected phrase and cites an expected document; out of corpus,
 * when refused; a false premise, when refused or corrected by a cited
 * `correct_any` phrase; chitchat is judged by hand (the reply is printed).
 * Beside each answer, the baseline a user would get by quoting the top
 * retrieved passage, and whether retrieval put the answer in the top 5.
 */
import type { AnswerResponse } from '../answer';
import { countWords } from '../text/sentences';
import { normalizeForMatch, tokenize } from '../text/tokenize';
import { EVAL_KINDS, requestOf, type EvalEntry, type EvalKind } from './dataset';
import { isHit } from './retrieval';

export interface QaRow {
  readonly id: string;
  readonly kind: EvalKind;
  readonly unanswerable: boolean;
  /** An expected document's passage with an expected phrase is among the retrieved passages. */
  readonly retrieved: boolean;
  readonly phrase: boolean;
  readonly cited: boolean;
  readonly refused: boolean;
  /** Scored automatically; false for chitchat, which is judged by hand. */
  readonly scored: boolean;
  readonly pass: boolean;
  /** Quoting the top retrieved passage would have been right. */
  readonly baseline: boolean;
  /** Quoting the best 80-word window of the top passage (see bestWindow) would have been right. */
  readonly window: boolean;
  /** Words of the answer, citation markers left out. */
  readonly words: number;
  readonly confidence: AnswerResponse['confidence'];
  /** The answer model's probability that it is answered (absent for routed replies). */
  readonly support?: number;
  readonly answer: string;
}

/** Answers whose support fell in one band, and how many were right: whether support can be read as a probability. */
export interface SupportBand {
  readonly from: number;
  readonly to: number;
  /** Scored questions answered (not refused) with support in [from, to). */
  readonly answers: number;
  /** Of those, answers that pass (answerable right, or a false premise corrected). */
  readonly right: number;
}

/** How often answers of one confidence were right: whether "high" can be trusted and "low" deserves its hint. */
export interface ConfidenceSummary {
  readonly confidence: Exclude<AnswerResponse['confidence'], 'none'>;
  /** Scored questions answered (not refused) with this confidence. */
  readonly answers: number;
  /** Of those, answerable questions answered right. */
  readonly right: number;
  /** Of those, unanswerable questions answered anyway (false premises corrected do not count). */
  readonly unanswerable: number;
}

export interface KindSummary {
  readonly kind: EvalKind;
  readonly questions: number;
  readonly right: number;
  readonly baseline: number;
  /** Right by the best 80-word window of the top passage. */
  readonly window: number;
  /** Answerable kinds: retrieval put the answer in the top 5. */
  readonly retrievedAt5: number;
  /** Answerable kinds: refused although answerable. */
  readonly refused: number;
  readonly wordsP50: number;
  readonly wordsP95: number;
}

export interface QaSummary {
  readonly rows: QaRow[];
  readonly answerable: number;
  readonly answered: number;
  /** Answerable entries the baselines get right: the best 80-word window of the top passage, the whole passage. */
  readonly windowRight: number;
  readonly passageRight: number;
  readonly unanswerable: number;
  /** Unanswerable entries handled: refused, or (false premises) corrected with a citation. */
  readonly refused: number;
  /** Answerable entries that were refused. */
  readonly answerableRefused: number;
  readonly kinds: KindSummary[];
  readonly confidence: ConfidenceSummary[];
  readonly calibration: SupportBand[];
}

const contains = (text: string, phrases: readonly string[]) => {
  const normalized = normalizeForMatch(text);
  return phrases.some((p) => normalized.includes(normalizeForMatch(p)));
};

/** Words of the window baseline: the answer length the answerer is held to. */
const WINDOW_WORDS = 80;

/**
 * The best 80-word window of a passage for a question: the one that holds the most of the question's distinct
 * index terms, and of those the one that centres them (what a reader who skims the top passage for the
 * question's words would quote). An answerer that does no better than this adds nothing to retrieval.
 */
export function bestWindow(question: string, passage: string, size = WINDOW_WORDS): string {
  const tokens = passage.split(/\s+/).filter(Boolean);
  if (tokens.length <= size) return tokens.join(' ');
  const asked = new Set(tokenize(question));
  const termsOf = tokens.map((t) => tokenize(t).filter((term) => asked.has(term)));
  let best = { start: 0, score: -1, offCentre: Number.POSITIVE_INFINITY };
  for (let start = 0; start + size <= tokens.length; start++) {
    const inside = termsOf.slice(start, start + size);
    const score = new Set(inside.flat()).size;
    const matched = inside.flatMap((terms, i) => (terms.length > 0 ? [i] : []));
    const offCentre = matched.length ? Math.abs(((matched[0] as number) + (matched.at(-1) as number)) / 2 - size / 2) : 0;
    if (score > best.score || (score === best.score && offCentre < best.offCentre)) best = { start, score, offCentre };
  }
  return tokens.slice(best.start, best.start + size).join(' ');
}

export function judge(entry: EvalEntry, response: AnswerResponse): QaRow {
  const retrieved = response.passages.some((p) => isHit({ docId: p.doc, text: p.text }, entry));
  const phrase = contains(response.answer, entry.expect_any);
  const cited = response.citations.some((c) => entry.docs.includes(c.doc));
  const top = response.passages[0];
  const scored = entry.kind !== 'chitchat_meta';
  const window = top ? { docId: top.doc, text: bestWindow(entry.question, top.text) } : undefined;
  let pass: boolean;
  let baseline: boolean;
  let windowed: boolean;
  if (entry.kind === 'false_premise') {
    pass = response.refused || (response.citations.length > 0 && contains(response.answer, entry.correct_any));
    baseline = !!top && contains(top.text, entry.correct_any);
    windowed = !!window && contains(window.text, entry.correct_any);
  } else if (entry.unanswerable) {
    pass = response.refused;
    baseline = false; // quoting a passage never refuses
    windowed = false;
  } else {
    pass = scored && !response.refused && phrase && cited;
    baseline = scored && !!top && isHit({ docId: top.doc, text: top.text }, entry);
    windowed = scored && !!window && isHit(window, entry);
  }
  const words = countWords(response.answer.replace(/\[\d+\]/g, ''));
  return {
    id: entry.id,
    kind: entry.kind,
    unanswerable: entry.unanswerable,
    retrieved,
    phrase,
    cited,
    refused: response.refused,
    scored,
    pass,
    baseline,
    window: windowed,
    words,
    confidence: response.confidence,
    ...(response.support === undefined ? {} : { support: response.support }),
    answer: response.answer,
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0);
}

export function summarize(rows: readonly QaRow[]): QaSummary {
  const answerableRows = rows.filter((r) => !r.unanswerable && r.scored);
  const unanswerableRows = rows.filter((r) => r.unanswerable);
  const kinds = EVAL_KINDS.flatMap((kind): KindSummary[] => {
    const of = rows.filter((r) => r.kind === kind);
    if (of.length === 0) return [];
    const words = of.map((r) => r.words);
    return [
      {
        kind,
        questions: of.length,
        right: of.filter((r) => r.pass).length,
        baseline: of.filter((r) => r.baseline).length,
        window: of.filter((r) => r.window).length,
        retrievedAt5: of.filter((r) => !r.unanswerable && r.retrieved).length,
        refused: of.filter((r) => !r.unanswerable && r.scored && r.refused).length,
        wordsP50: percentile(words, 50),
        wordsP95: percentile(words, 95),
      },
    ];
  });
  return {
    rows: [...rows],
    answerable: answerableRows.length,
    answered: answerableRows.filter((r) => r.pass).length,
    windowRight: answerableRows.filter((r) => r.window).length,
    passageRight: answerableRows.filter((r) => r.baseline).length,
    unanswerable: unanswerableRows.length,
    refused: unanswerableRows.filter((r) => r.pass).length,
    answerableRefused: answerableRows.filter((r) => r.refused).length,
    kinds,
    confidence: (['high', 'medium', 'low'] as const).map((confidence) => {
      const answers = rows.filter((r) => r.scored && !r.refused && r.confidence === confidence);
      return {
        confidence,
        answers: answers.length,
        right: answers.filter((r) => !r.unanswerable && r.pass).length,
        unanswerable: answers.filter((r) => r.unanswerable && !r.pass).length,
      };
    }),
    calibration: SUPPORT_BANDS.map(([from, to]) => {
      const answers = rows.filter(
        (r) => r.scored && !r.refused && r.support !== undefined && r.support >= from && (r.support < to || to === 1),
      );
      return { from, to, answers: answers.length, right: answers.filter((r) => r.pass).length };
    }),
  };
}

/** The bands of support the eval reports calibration in. */
const SUPPORT_BANDS: readonly (readonly [number, number])[] = [
  [0, 0.5],
  [0.5, 0.6],
  [0.6, 0.7],
  [0.7, 0.8],
  [0.8, 0.9],
  [0.9, 1],
];

export async function evaluateAnswers(
  entries: readonly EvalEntry[],
  ask: (request: ReturnType<typeof requestOf>) => Promise<AnswerResponse>,
): Promise<QaSummary> {
  const rows: QaRow[] = [];
  for (const entry of entries) rows.push(judge(entry, await ask(requestOf(entry))));
  return summarize(rows);
}

/** What `npm run eval` checks of a suite, with the word limit of each kind. */
export interface EvalTargets {
  readonly answeredShare: number;
  readonly maxAnswerableRefusedShare: number;
  readonly unanswerableHandledShare: number;
  readonly maxWordsP95: number;
  readonly maxOverviewWordsP95: number;
}

/** The targets of the suites written for the product (issue #14); the SQuAD suites have their own (lib/eval/suites). */
export const EVAL_TARGETS: EvalTargets = {
  answeredShare: 0.9,
  maxAnswerableRefusedShare: 0.03,
  unanswerableHandledShare: 0.9,
  maxWordsP95: 80,
  maxOverviewWordsP95: 120,
};

/** Each target a suite misses, in words; empty when it meets them all. */
export function missedTargets(summary: QaSummary, t: EvalTargets = EVAL_TARGETS): string[] {
  const missed: string[] = [];
  const share = (n: number, of: number) => (of === 0 ? 1 : n / of);
  if (share(summary.answered, summary.answerable) < t.answeredShare)
    missed.push(`answers right ${summary.answered}/${summary.answerable} < ${t.answeredShare * 100}%`);
  if (summary.answerable > 0 && summary.answered <= summary.windowRight)
    missed.push(`answers right ${summary.answered}, not above the best 80-word window of the top passage (${summary.windowRight})`);
  if (summary.answerable > 0 && summary.answerableRefused / summary.answerable > t.maxAnswerableRefusedShare)
    missed.push(`answerable refused ${summary.answerableRefused}/${summary.answerable} > ${t.maxAnswerableRefusedShare * 100}%`);
  if (share(summary.refused, summary.unanswerable) < t.unanswerableHandledShare)
    missed.push(`unanswerable handled ${summary.refused}/${summary.unanswerable} < ${t.unanswerableHandledShare * 100}%`);
  for (const k of summary.kinds) {
    if (k.kind === 'chitchat_meta') continue;
    if (k.right < k.baseline) missed.push(`${k.kind}: ${k.right} right < ${k.baseline} for the top passage`);
    const limit = k.kind === 'overview' ? t.maxOverviewWordsP95 : t.maxWordsP95;
    if (k.wordsP95 > limit) missed.push(`${k.kind}: answer words p95 ${k.wordsP95} > ${limit}`);
  }
  return missed;
}
