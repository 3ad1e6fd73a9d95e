/**
 * The public evaluation suites: each a questions file and the corpus it is
 * asked of. Read from shared/eval beside the project when it is there (it may
 * be newer), else from the copies under tests/fixtures, so a lone clone can
 * still run `npm run eval`. The SQuAD suites have no copy: they run where
 * shared/eval holds them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EVAL_TARGETS, type EvalTargets } from './qa';

export interface EvalSuite {
  readonly name: string;
  readonly questions: string;
  readonly corpus: string;
  /** What the suite is held to; EVAL_TARGETS when absent. */
  readonly targets?: EvalTargets;
}

/**
 * Issue #27's targets for questions written by other people over Wikipedia: SQuAD 1.1 (all answerable) and
 * SQuAD 2.0 (half unanswerable, written to look answerable from the same paragraph).
 */
const SQUAD_TARGETS: EvalTargets = { ...EVAL_TARGETS, answeredShare: 0.82 };
const SQUAD2_TARGETS: EvalTargets = { ...EVAL_TARGETS, answeredShare: 0.9, unanswerableHandledShare: 0.3 };

/**
 * The suites written for the product (the articles, domain-dev) and, with `squad`, the SQuAD suites too: the
 * eval runs them all; the peer bench and the policy fit keep to the first three, as they were measured.
 */
export function publicSuites(cwd = process.cwd(), options: { squad?: boolean } = {}): EvalSuite[] {
  const shared = path.resolve(cwd, '..', 'shared', 'eval');
  const copies = path.resolve(cwd, 'tests', 'fixtures');
  const pick = (sharedFile: string, copy: string) =>
    existsSync(path.join(shared, sharedFile)) ? path.join(shared, sharedFile) : path.join(copies, copy);
  const articles = path.resolve(cwd, 'corpus');
  const domain = pick(path.join('domain-dev', 'questions.jsonl'), path.join('eval', 'domain-dev', 'questions.jsonl'));
  const squad = (folder: string, targets: EvalTargets): EvalSuite[] =>
    existsSync(path.join(shared, folder, 'questions.jsonl'))
      ? [{ name: folder, questions: path.join(shared, folder, 'questions.jsonl'), corpus: path.join(shared, folder, 'corpus'), targets }]
      : [];
  return [
    { name: 'first public set, articles', questions: pick('questions.jsonl', 'eval-questions.jsonl'), corpus: articles },
    { name: 'dev, articles', questions: pick('dev.jsonl', path.join('eval', 'dev.jsonl')), corpus: articles },
    { name: 'domain-dev', questions: domain, corpus: path.join(path.dirname(domain), 'corpus') },
    ...(options.squad ? [...squad('squad-train', SQUAD_TARGETS), ...squad('squad2-public', SQUAD2_TARGETS)] : []),
  ];
}
