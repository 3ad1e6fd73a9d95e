/**
 * Fitting the answer policy without fitting the questions: every candidate
 * policy is scored on each question from one retrieval (evidence is measured
 * once, see collectEvidence), then k-fold cross-validation picks a policy on
 * k-1 folds and reports how it does on the fold it never saw. The held-out
 * figures, not the fitted ones, say what a new question set can expect.
 */
import type { CollectedEvidence } from '../answer/evidence';
import { weighEvidence } from '../answer/evidence';
import { extractiveReply } from '../answer/extractive';
import { DEFAULT_MODEL, type AnswerModel } from '../answer/model';
import type { AnswerPolicy } from '../answer/policy';
import { policySchema } from '../answer/policy';
import type { AnswerResponse } from '../answer/types';
import type { CorpusWording } from '../answer/wording';
import type { Store } from '../store';
import type { SpanResult } from '../span';
import type { EvalEntry } from './dataset';
import { judge } from './qa';

/** One question, measured once. */
export interface FitCase {
  readonly suite: string;
  /** The corpus and document the question is about: folds keep a document's questions together. */
  readonly document: string;
  readonly entry: EvalEntry;
  readonly index: Store;
  readonly passages: readonly SpanResult[];
  readonly collected: CollectedEvidence;
  readonly corpus: CorpusWording;
  /** The reply to a turn routed past the answerer (an overview, small talk): the same under every policy of the grid. */
  readonly routed?: AnswerResponse;
}

/** Values to try for some policy fields, by dotted path ("weights.lexical"). */
export type PolicyGrid = Readonly<Record<string, readonly number[]>>;

export function policiesOf(base: AnswerPolicy, grid: PolicyGrid): AnswerPolicy[] {
  let out: AnswerPolicy[] = [base];
  for (const [path, values] of Object.entries(grid)) {
    out = out.flatMap((p) => values.map((v) => withValue(p, path, v)));
  }
  return out;
}

function withValue(policy: AnswerPolicy, path: string, value: number): AnswerPolicy {
  const copy = structuredClone(policy) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) throw new Error(`the policy has no field ${path}`);
    node = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (typeof node[last] !== 'number') throw new Error(`the policy has no number at ${path}`);
  node[last] = value;
  return policySchema.parse(copy);
}

/** Whether the extractive answer under `policy` passes the case (lib/eval/qa judge). */
export async function passes(c: FitCase, policy: AnswerPolicy, maxWords: number, model: AnswerModel = DEFAULT_MODEL): Promise<boolean> {
  if (c.routed) return judge(c.entry, c.routed).pass;
  const { pieces: _pieces, ...reply } = await extractiveReply(
    c.index,
    weighEvidence(c.collected, policy, model),
    policy,
    maxWords,
    c.corpus,
  );
  return judge(c.entry, {
    question: c.entry.question,
    query: c.entry.question,
    passages: [...c.passages],
    answerer: 'extractive',
    version: c.index.version,
    ...reply,
  }).pass;
}

export interface FoldResult {
  readonly fold: number;
  readonly questions: number;
  /** Passes on the held-out fold with the policy picked on the others. */
  readonly heldOut: number;
  /** Passes of that policy on the folds it was picked on, per question (for comparison). */
  readonly trainShare: number;
}

export interface FitResult {
  readonly folds: FoldResult[];
  /** The policy picked on all cases. */
  readonly policy: AnswerPolicy;
  /** Passes of the starting policy and of the picked one, on all cases. */
  readonly before: number;
  readonly after: number;
  readonly questions: number;
}

/**
 * k-fold cross-validation over a table of results: `passTable[p][q]` says
 * whether policy p passes question q. For each fold, the policy with the most
 * passes on the other folds is picked and scored on this one. Folds are dealt
 * round-robin within each suite, so every fold has questions of every corpus.
 * Ties go to the policy listed first.
 */
export function foldResults(
  passTable: readonly (readonly boolean[])[],
  suites: readonly string[],
  k: number,
): { folds: FoldResult[]; best: number } {
  const bySuite = new Map<string, number>();
  const fold = suites.map((suite) => {
    const n = bySuite.get(suite) ?? 0;
    bySuite.set(suite, n + 1);
    return n % k;
  });
  const best = (include: (q: number) => boolean): { index: number; passes: number; count: number } => {
    let top = { index: 0, passes: -1, count: 0 };
    passTable.forEach((row, index) => {
      let passes = 0;
      let count = 0;
      row.forEach((ok, q) => {
        if (!include(q)) return;
        count++;
        if (ok) passes++;
      });
      if (passes > top.passes) top = { index, passes, count };
    });
    return top;
  };
  const folds: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    const picked = best((q) => fold[q] !== f);
    const row = passTable[picked.index] ?? [];
    folds.push({
      fold: f,
      questions: fold.filter((x) => x === f).length,
      heldOut: row.filter((ok, q) => ok && fold[q] === f).length,
      trainShare: picked.passes / Math.max(1, picked.count),
    });
  }
  return { folds, best: best(() => true).index };
}

/** Cross-validates a grid of policies around `base` (listed first) on measured cases; chitchat is judged by hand, so left out. */
export async function crossValidate(
  cases: readonly FitCase[],
  base: AnswerPolicy,
  grid: PolicyGrid,
  k: number,
  maxWords: number,
): Promise<FitResult> {
  const scored = cases.filter((c) => c.entry.kind !== 'chitchat_meta');
  const policies = [base, ...policiesOf(base, grid)];
  const passTable: boolean[][] = [];
  for (const p of policies) passTable.push(await Promise.all(scored.map((c) => passes(c, p, maxWords))));
  const { folds, best } = foldResults(
    passTable,
    scored.map((c) => c.suite),
    k,
  );
  const count = (row: readonly boolean[] | undefined) => (row ?? []).filter(Boolean).length;
  return {
    folds,
    policy: policies[best] as AnswerPolicy,
    before: count(passTable[0]),
    after: count(passTable[best]),
    questions: scored.length,
  };
}
