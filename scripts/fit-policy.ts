/**
 * `npm run fit-policy`: fits the answer policy's numbers on the public suites
 * with k-fold cross-validation and prints the held-out folds beside the
 * starting policy. `--out FILE` writes the policy picked on all questions as
 * JSON, which ANSWER_POLICY loads (lib/answer/policy.ts). The grid is small on
 * purpose: two or three values for the numbers that matter most. A grid of
 * 17,496 policies over eight numbers did worse on held-out folds (80/109) than
 * the defaults did on all questions (85/109): with about a hundred questions,
 * more freedom fits the questions, not the method.
 * `--ablate` instead takes each hand-made rule out of the default policy in
 * turn and prints what every public suite (the SQuAD ones included) loses or
 * gains without it: a rule stays only where it helps on at least two suites.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type AnswerPolicy, DEFAULT_POLICY, loadPolicy, policySchema } from '@/lib/answer/policy';
import { crossValidate, type FitCase, type PolicyGrid, passes } from '@/lib/eval/fit';
import { publicSuites } from '@/lib/eval/suites';
import { withCases } from './lib/cases';
import { runCli, UsageError } from './lib/cli';

const GRID: PolicyGrid = {
  'weights.focus': [0, 0.25, 0.5],
  'weights.dense': [0.15, 0.3],
  'weights.passage': [0.1, 0.2],
  'weights.cue': [0, 0.1],
  'selection.anchorWords': [25, 35, 45, 60],
  'selection.elsewhere': [0.6, 0.7, 0.8, 1],
};

/** Each hand-made rule of the policy, and the policy without it. */
const ABLATIONS: readonly { readonly rule: string; readonly without: (p: AnswerPolicy) => AnswerPolicy }[] = [
  { rule: 'score floor (refusal.minScore)', without: (p) => ({ ...p, refusal: { minScore: 0 } }) },
  { rule: 'off-topic refusal and penalty (onTopicNames)', without: (p) => ({ ...p, onTopicNames: 0 }) },
  { rule: 'answer-shape cue (weights.cue)', without: (p) => ({ ...p, weights: { ...p.weights, cue: 0 } }) },
  { rule: 'sentence vectors in the score (weights.dense)', without: (p) => ({ ...p, weights: { ...p.weights, dense: 0 } }) },
  { rule: 'focus on the asking sentence (weights.focus)', without: (p) => ({ ...p, weights: { ...p.weights, focus: 0 } }) },
  { rule: 'reading on from the best sentence (anchorWords)', without: (p) => ({ ...p, selection: { ...p.selection, anchorWords: 0 } }) },
  { rule: 'redundancy check (selection.redundant)', without: (p) => ({ ...p, selection: { ...p.selection, redundant: 1 } }) },
];

/** Passes per suite of each ablation beside the full policy; nothing is fitted, so every question is held out. */
async function ablate(cases: readonly FitCase[], maxWords: number): Promise<string> {
  const scored = cases.filter((c) => c.entry.kind !== 'chitchat_meta');
  const suites = [...new Set(scored.map((c) => c.suite))];
  const perSuite = async (policy: AnswerPolicy) => {
    const out = new Map(suites.map((s) => [s, 0]));
    for (const c of scored) if (await passes(c, policy, maxWords)) out.set(c.suite, (out.get(c.suite) ?? 0) + 1);
    return out;
  };
  const full = await perSuite(DEFAULT_POLICY);
  const lines = [
    `rule taken out                                    ${suites.map((s) => s.slice(0, 13).padStart(13)).join(' ')}  helps on`,
    `all rules (right or handled, of ${scored.length})`.padEnd(48) + suites.map((s) => String(full.get(s)).padStart(14)).join(''),
  ];
  for (const { rule, without } of ABLATIONS) {
    const result = await perSuite(policySchema.parse(without(DEFAULT_POLICY)));
    const deltas = suites.map((s) => (full.get(s) ?? 0) - (result.get(s) ?? 0));
    const helps = suites.filter((_, i) => (deltas[i] ?? 0) > 0).length;
    lines.push(`${rule.padEnd(48)}${deltas.map((d) => (d > 0 ? `+${d}` : String(d)).padStart(14)).join('')}  ${helps}`);
  }
  return `${lines.join('\n')}\n(+n: the rule gets n more questions right or handled; helps on: suites where it gains)\n`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '5' },
      out: { type: 'string' },
      from: { type: 'string' },
      ablate: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const k = Number(values.folds);
  if (!Number.isInteger(k) || k < 2) throw new UsageError('--folds must be an integer of at least 2');
  const base = values.from ? loadPolicy(values.from) : DEFAULT_POLICY;
  if (values.ablate)
    return withCases(publicSuites(process.cwd(), { squad: true }), DEFAULT_POLICY, async (cases, maxWords) => {
      process.stdout.write(await ablate(cases, maxWords));
      return 0;
    });
  return withCases(publicSuites(), base, async (cases, maxWords) => {
    const started = Date.now();
    const result = await crossValidate(cases, base, GRID, k, maxWords);
    const lines = [
      `${result.questions} questions (answerable right, or unanswerable handled), ${k} folds, grid of ${Object.values(GRID).reduce((n, v) => n * v.length, 1)} policies, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
      'fold  questions  held-out right  picked policy on the other folds',
      '----  ---------  --------------  --------------------------------',
      ...result.folds.map(
        (f) =>
          `${String(f.fold + 1).padStart(4)}  ${String(f.questions).padStart(9)}  ${`${f.heldOut} (${((f.heldOut / f.questions) * 100).toFixed(0)}%)`.padStart(14)}  ${(f.trainShare * 100).toFixed(0)}% right`,
      ),
      '',
      `held-out total: ${result.folds.reduce((n, f) => n + f.heldOut, 0)}/${result.questions}`,
      `starting policy on all: ${result.before}/${result.questions}; picked on all (fitted, optimistic): ${result.after}/${result.questions}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const json = `${JSON.stringify(result.policy, null, 2)}\n`;
    if (values.out) await writeFile(values.out, json);
    else process.stdout.write(`\n${json}`);
    return 0;
  });
}

runCli(main);
