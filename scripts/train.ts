/**
 * `npm run train`: fits the answer model (lib/answer/model.ts) on every public
 * suite, the SQuAD ones included, and writes lib/answer/model.json (or
 * `--out FILE`). First it scores the method on folds by document: each fold's
 * model and refusal threshold are fitted on the other folds' documents only,
 * and the held-out figures are printed per suite beside the rules alone; they,
 * not the fitted totals, say what new documents can expect. The same data
 * always gives the same file (Newton's method, folds dealt in sorted order).
 * `--without a,b` leaves features out (an ablation); `--suite NAME` (repeated)
 * and `--sample N` (every Nth question) fit on less, for a quick check of the
 * script itself.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { weighEvidence } from '@/lib/answer/evidence';
import { type AnswerModel, modelSchema, REFUSAL_FEATURES, REFUSAL_SIGNS, type RefusalFeature, refusalFeatures } from '@/lib/answer/model';
import { DEFAULT_POLICY } from '@/lib/answer/policy';
import { type FitCase, passes } from '@/lib/eval/fit';
import { publicSuites } from '@/lib/eval/suites';
import { fitLogistic, foldsByGroup, predict, thresholdFor } from '@/lib/eval/train';
import { withCases } from './lib/cases';
import { runCli, UsageError } from './lib/cli';

/**
 * The most answerable questions the fitted folds may see refused, rules and model together: below #27's 3% so the
 * held-out folds, which the threshold never saw, stay under it.
 */
const MAX_ANSWERABLE_REFUSED = 0.025;
/** The L2 penalty on standardised weights: enough to keep a rare feature from deciding alone. */
const L2 = 1;

/** A model that never refuses: what the rules alone do, and what each question's answer is when not refused. */
const NEVER: AnswerModel = modelSchema.parse({
  refusal: { features: ['score'], mean: [0], scale: [1], weights: [0], bias: 0, threshold: 0 },
  fitted: { questions: 0, folds: 0, maxAnswerableRefused: 0 },
});

interface Row {
  readonly suite: string;
  readonly document: string;
  readonly unanswerable: boolean;
  /** Refused by a rule before the model is asked (a name the corpus lacks, nothing on topic). */
  readonly ruleRefused: boolean;
  /** The answer given when not refused passes (a false premise corrected, or an answerable question right). */
  readonly rightIfAnswered: boolean;
  readonly x: number[];
}

async function rowsOf(cases: readonly FitCase[], maxWords: number, features: readonly RefusalFeature[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of cases) {
    if (c.routed || c.entry.kind === 'chitchat_meta') continue;
    const evidence = weighEvidence(c.collected, DEFAULT_POLICY, NEVER);
    const f = refusalFeatures(c.collected, evidence.sentences);
    rows.push({
      suite: c.suite,
      document: c.document,
      unanswerable: c.entry.unanswerable,
      ruleRefused: evidence.refusal !== undefined,
      rightIfAnswered: evidence.refusal === undefined && (await passes(c, DEFAULT_POLICY, maxWords, NEVER)),
      x: features.map((name) => f[name]),
    });
  }
  return rows;
}

/** A fitted model and its threshold, from rows. */
function fit(rows: readonly Row[], features: readonly RefusalFeature[]): AnswerModel {
  const asked = rows.filter((r) => !r.ruleRefused);
  const logistic = fitLogistic(
    asked.map((r) => r.x),
    // What the model predicts: that answering passes (an answerable question answered right, a false premise
    // corrected). An unanswerable question, or an answer that misses, is what refusal should catch.
    asked.map((r) => r.rightIfAnswered),
    // Every question counts once. Giving each suite the same total weight did worse on the held-out folds of
    // SQuAD 2.0 (unanswerable handled 18.4% against 24.0%, answerable refused 3.7% against 2.7%) and no better elsewhere.
    asked.map(() => 1),
    { l2: L2, signs: features.map((f) => REFUSAL_SIGNS[f]) },
  );
  // The threshold holds every suite to the share on its own, not just the pool: a genre SQuAD 1.1 outnumbers is
  // not left with more of its answerable questions refused (on a suite of 31, one refusal is already over 3%).
  const groupOf = (r: Row) => r.suite;
  const threshold = Math.min(
    ...[...new Set(rows.map(groupOf))].map((group) => {
      const answerable = asked.filter((r) => groupOf(r) === group && !r.unanswerable);
      const probabilities = predict(
        logistic,
        answerable.map((r) => r.x),
      );
      const ruleRefused = rows.filter((r) => groupOf(r) === group && r.ruleRefused && !r.unanswerable).length;
      return thresholdFor(probabilities, MAX_ANSWERABLE_REFUSED, ruleRefused);
    }),
  );
  return modelSchema.parse({
    refusal: { features, ...logistic, threshold },
    fitted: { questions: rows.length, folds: 0, maxAnswerableRefused: MAX_ANSWERABLE_REFUSED },
  });
}

interface Tally {
  answerable: number;
  right: number;
  refused: number;
  unanswerable: number;
  handled: number;
}

const tally = (): Tally => ({ answerable: 0, right: 0, refused: 0, unanswerable: 0, handled: 0 });

function count(t: Tally, row: Row, refused: boolean): void {
  if (row.unanswerable) {
    t.unanswerable++;
    if (refused || row.rightIfAnswered) t.handled++;
  } else {
    t.answerable++;
    if (refused) t.refused++;
    else if (row.rightIfAnswered) t.right++;
  }
}

const share = (n: number, of: number) => (of === 0 ? '     -' : `${((n / of) * 100).toFixed(1)}%`.padStart(6));

function table(bySuite: Map<string, { rules: Tally; model: Tally }>): string {
  const lines = [
    'suite                        answerable  right (rules / model)   refused (rules / model)  unanswerable  handled (rules / model)',
    '---------------------------  ----------  ----------------------  -----------------------  ------------  -----------------------',
  ];
  for (const [suite, { rules, model }] of bySuite)
    lines.push(
      [
        suite.padEnd(27),
        String(rules.answerable).padStart(10),
        `${share(rules.right, rules.answerable)} / ${share(model.right, model.answerable)}`.padStart(22),
        `${share(rules.refused, rules.answerable)} / ${share(model.refused, model.answerable)}`.padStart(23),
        String(rules.unanswerable).padStart(12),
        `${share(rules.handled, rules.unanswerable)} / ${share(model.handled, model.unanswerable)}`.padStart(23),
      ].join('  '),
    );
  return lines.join('\n');
}

/** Held-out probabilities against what happened: how well "support" is calibrated. */
function calibration(points: readonly { p: number; right: boolean }[]): string {
  const lines = ['support     questions  answered right', '----------  ---------  --------------'];
  for (let b = 0; b < 5; b++) {
    const lo = b / 5;
    const hi = (b + 1) / 5;
    const inBin = points.filter((x) => x.p >= lo && (x.p < hi || (b === 4 && x.p <= 1)));
    const right = inBin.filter((x) => x.right).length;
    lines.push(
      `${`${lo.toFixed(1)}–${hi.toFixed(1)}`.padEnd(10)}  ${String(inBin.length).padStart(9)}  ${share(right, inBin.length).padStart(14)}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '5' },
      out: { type: 'string' },
      without: { type: 'string', default: '' },
      sample: { type: 'string', default: '1' },
      suite: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const k = Number(values.folds);
  if (!Number.isInteger(k) || k < 2) throw new UsageError('--folds must be an integer of at least 2');
  const every = Number(values.sample);
  if (!Number.isInteger(every) || every < 1) throw new UsageError('--sample must be a positive integer');
  const dropped = values.without.split(',').filter(Boolean);
  const unknown = dropped.filter((d) => !(REFUSAL_FEATURES as readonly string[]).includes(d));
  if (unknown.length) throw new UsageError(`--without names no feature: ${unknown.join(', ')} (features: ${REFUSAL_FEATURES.join(', ')})`);
  const features = REFUSAL_FEATURES.filter((f) => !dropped.includes(f));
  const suites = publicSuites(process.cwd(), { squad: true }).filter((s) => !values.suite || values.suite.includes(s.name));
  if (suites.length === 0)
    throw new UsageError(
      `--suite names no public suite (${publicSuites(process.cwd(), { squad: true })
        .map((s) => s.name)
        .join('; ')})`,
    );
  const started = Date.now();
  return withCases(suites, DEFAULT_POLICY, async (allCases, maxWords) => {
    const cases = allCases.filter((_, i) => i % every === 0);
    const rows = await rowsOf(cases, maxWords, features);
    const fold = foldsByGroup(
      rows.map((r) => r.document),
      k,
    );
    const bySuite = new Map(suites.map((s) => [s.name, { rules: tally(), model: tally() }]));
    const heldOut: { p: number; right: boolean }[] = [];
    for (let f = 0; f < k; f++) {
      const test = rows.filter((_, i) => fold[i] === f);
      if (test.length === 0) continue;
      const model = fit(
        rows.filter((_, i) => fold[i] !== f),
        features,
      );
      const probabilities = predict(
        { ...model.refusal },
        test.map((r) => r.x),
      );
      test.forEach((row, i) => {
        const p = probabilities[i] ?? 0;
        const suite = bySuite.get(row.suite);
        if (!suite) return;
        count(suite.rules, row, row.ruleRefused);
        count(suite.model, row, row.ruleRefused || p < model.refusal.threshold);
        if (!row.ruleRefused) heldOut.push({ p, right: row.rightIfAnswered });
      });
    }
    const heldOutFigures = [...bySuite].map(([suite, { model }]) => ({ suite, ...model }));
    const final = modelSchema.parse({
      ...fit(rows, features),
      fitted: { questions: rows.length, folds: k, maxAnswerableRefused: MAX_ANSWERABLE_REFUSED, heldOut: heldOutFigures },
    });
    const out = values.out ?? path.join('lib', 'answer', 'model.json');
    process.stdout.write(
      [
        `${rows.length} questions of ${suites.length} suites, ${k} folds by document, features: ${features.join(', ')}`,
        '',
        "Held-out folds (each fold fitted on the other folds' documents):",
        table(bySuite),
        '',
        'Calibration on the held-out folds (questions the rules let through):',
        calibration(heldOut),
        '',
        `Fitted on all: threshold ${final.refusal.threshold.toFixed(3)}; weights ${features.map((name, i) => `${name} ${(final.refusal.weights[i] ?? 0).toFixed(2)}`).join(', ')}`,
        `${values['dry-run'] ? 'not written (--dry-run)' : `written to ${out}`} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
        '',
      ].join('\n'),
    );
    if (!values['dry-run']) await writeFile(out, `${JSON.stringify(final, null, 2)}\n`);
    return 0;
  });
}

runCli(main);
