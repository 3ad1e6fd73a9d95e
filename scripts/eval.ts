/**
 * `npm run eval -- --retrieval [--file X.jsonl]`: retrieval hit@k and MRR for
 * dense, BM25 and hybrid search over the evaluation set.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '@/lib/config';
import { loadEvalSet } from '@/lib/eval/dataset';
import { evaluateRetrieval, type ModeScores } from '@/lib/eval/retrieval';
import { openRetriever } from '@/lib/retrieval';
import { runCli, UsageError } from './lib/cli';

const DEFAULT_FILE = path.join('..', 'shared', 'eval', 'questions.jsonl');

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

function table(scores: readonly ModeScores[]): string {
  const label = { dense: 'dense', lexical: 'bm25', hybrid: 'hybrid' } as const;
  const lines = ['mode      questions   hit@1   hit@3   hit@5   MRR@5', '--------  ---------  ------  ------  ------  ------'];
  for (const s of scores) {
    lines.push(`${label[s.mode].padEnd(8)}  ${String(s.questions).padStart(9)}  ${pct(s.hitAt1)} ${pct(s.hitAt3)} ${pct(s.hitAt5)}  ${s.mrr.toFixed(3)}`);
  }
  return lines.join('\n');
}

runCli(async () => {
  let values: { file?: string; retrieval?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({ options: { file: { type: 'string' }, retrieval: { type: 'boolean' }, json: { type: 'boolean' } } }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const file = values.file ?? DEFAULT_FILE;
  const entries = await loadEvalSet(file);
  const retriever = await openRetriever(getConfig());
  const scores = await evaluateRetrieval(retriever, entries, ['dense', 'lexical', 'hybrid']);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ file, embedder: retriever.embedder.id, scores }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`Retrieval evaluation: ${file} (${retriever.embedder.id}, ${retriever.index.manifest.counts.passages} passages)\n\n${table(scores)}\n`);
  const misses = scores.flatMap((s) => Object.entries(s.ranks).filter(([, r]) => r === 0).map(([id]) => `${s.mode}:${id}`));
  if (misses.length) process.stdout.write(`\nnot in top 5: ${misses.join(', ')}\n`);
  return 0;
});
