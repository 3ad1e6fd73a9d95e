/**
 * The public evaluation suites: each a questions file and the corpus it is
 * asked of. Read from shared/eval beside the project when it is there (it may
 * be newer), else from the copies under tests/fixtures, so a lone clone can
 * still run `npm run eval`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface EvalSuite {
  readonly name: string;
  readonly questions: string;
  readonly corpus: string;
}

export function publicSuites(cwd = process.cwd()): EvalSuite[] {
  const shared = path.resolve(cwd, '..', 'shared', 'eval');
  const copies = path.resolve(cwd, 'tests', 'fixtures');
  const pick = (sharedFile: string, copy: string) =>
    existsSync(path.join(shared, sharedFile)) ? path.join(shared, sharedFile) : path.join(copies, copy);
  const articles = path.resolve(cwd, 'corpus');
  const domain = pick(path.join('domain-dev', 'questions.jsonl'), path.join('eval', 'domain-dev', 'questions.jsonl'));
  return [
    { name: 'first public set, articles', questions: pick('questions.jsonl', 'eval-questions.jsonl'), corpus: articles },
    { name: 'dev, articles', questions: pick('dev.jsonl', path.join('eval', 'dev.jsonl')), corpus: articles },
    { name: 'domain-dev', questions: domain, corpus: path.join(path.dirname(domain), 'corpus') },
  ];
}
