/**
 * `npm run eval [-- --file X.jsonl]`: answer quality per question, with totals;
 * exits 1 below the thresholds in config (EVAL_MIN_ANSWERED, EVAL_MIN_REFUSED).
 * `--retrieval`: hit@k and MRR for dense, BM25 and hybrid search instead.
 */
import { parseArgs } from 'node:util';
import { answer } from '@/lib/answer';
import { answerContext } from '@/lib/answer/context';
import { getConfig } from '@/lib/config';
import { defaultEvalFile, loadEvalSet, type EvalEntry } from '@/lib/eval/dataset';
import { evaluateAnswers, type QaSummary } from '@/lib/eval/qa';
import { evaluateRetrieval, type ModeScores } from '@/lib/eval/retrieval';
import type { Retriever } from '@/lib/retrieval';
import { runCli, UsageError } from './lib/cli';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const mark = (ok: boolean) => (ok ? 'yes' : 'NO ');

function retrievalTable(scores: readonly ModeScores[]): string {
  const label = { dense: 'dense', lexical: 'bm25', hybrid: 'hybrid' } as const;
  const lines = ['mode      questions   hit@1   hit@3   hit@5   MRR@5', '--------  ---------  ------  ------  ------  ------'];
  for (const s of scores) {
    lines.push(`${label[s.mode].padEnd(8)}  ${String(s.questions).padStart(9)}  ${pct(s.hitAt1)} ${pct(s.hitAt3)} ${pct(s.hitAt5)}  ${s.mrr.toFixed(3)}`);
  }
  const misses = scores.flatMap((s) => Object.entries(s.ranks).filter(([, r]) => r === 0).map(([id]) => `${s.mode}:${id}`));
  if (misses.length) lines.push('', `not in top 5: ${misses.join(', ')}`);
  return lines.join('\n');
}

function qaTable(summary: QaSummary): string {
  const lines = ['id     kind          retrieved  phrase  cited  refused  pass  answer', '-----  ------------  ---------  ------  -----  -------  ----  ------'];
  for (const r of summary.rows) {
    const kind = r.unanswerable ? 'unanswerable' : 'answerable';
    const na = '  - ';
    lines.push(
      [
        r.id.padEnd(5),
        kind.padEnd(12),
        (r.unanswerable ? na : mark(r.retrieved)).padEnd(9),
        (r.unanswerable ? na : mark(r.phrase)).padEnd(6),
        (r.unanswerable ? na : mark(r.cited)).padEnd(5),
        (r.refused ? 'yes' : 'no').padEnd(7),
        (r.pass ? 'PASS' : 'FAIL').padEnd(4),
        r.answer.replace(/\s+/g, ' ').slice(0, 90),
      ].join('  '),
    );
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
  const config = getConfig();
  const file = values.file ?? defaultEvalFile();
  const entries: EvalEntry[] = await loadEvalSet(file);
  const context = await answerContext(config);
  const retriever: Retriever = context.retriever;
  const header = `${file} (${retriever.embedder.id}, ${retriever.index.manifest.counts.passages} passages, answers: ${config.llm.provider === 'none' ? 'extractive' : `${config.llm.provider} ${config.llm.model}`})`;

  if (values.retrieval) {
    const scores = await evaluateRetrieval(retriever, entries, ['dense', 'lexical', 'hybrid']);
    if (values.json) process.stdout.write(`${JSON.stringify({ file, embedder: retriever.embedder.id, scores }, null, 2)}\n`);
    else process.stdout.write(`Retrieval evaluation: ${header}\n\n${retrievalTable(scores)}\n`);
    return 0;
  }

  const summary = await evaluateAnswers(entries, (request) => answer(request, { ...context, logger: { log: () => undefined } }));
  const answeredShare = summary.answerable ? summary.answered / summary.answerable : 1;
  const refusedShare = summary.unanswerable ? summary.refused / summary.unanswerable : 1;
  const ok = answeredShare >= config.eval.minAnswered && refusedShare >= config.eval.minRefused;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ file, ...summary, ok }, null, 2)}\n`);
  } else {
    process.stdout.write(
      [
        `Answer evaluation: ${header}`,
        '',
        qaTable(summary),
        '',
        `answerable answered correctly: ${summary.answered}/${summary.answerable} (${pct(answeredShare).trim()}, threshold ${pct(config.eval.minAnswered).trim()})`,
        `unanswerable refused:          ${summary.refused}/${summary.unanswerable} (${pct(refusedShare).trim()}, threshold ${pct(config.eval.minRefused).trim()})`,
        ok ? 'PASS' : 'FAIL: below the thresholds in config',
        '',
      ].join('\n'),
    );
  }
  return ok ? 0 : 1;
});
