/**
 * `npm run fit-policy`: fits the answer policy's numbers on the public suites
 * with k-fold cross-validation and prints the held-out folds beside the
 * starting policy. `--out FILE` writes the policy picked on all questions as
 * JSON, which ANSWER_POLICY loads (lib/answer/policy.ts). The grid is small on
 * purpose: two or three values for the numbers that matter most. A grid of
 * 17,496 policies over eight numbers did worse on held-out folds (80/109) than
 * the defaults did on all questions (85/109): with about a hundred questions,
 * more freedom fits the questions, not the method.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { answer } from '@/lib/answer';
import { answerContext } from '@/lib/answer/context';
import { intentOf } from '@/lib/answer/intent';
import { silentLogger } from '@/lib/log';
import { collectEvidence } from '@/lib/answer/evidence';
import { DEFAULT_POLICY, loadPolicy } from '@/lib/answer/policy';
import { getConfig, loadConfig } from '@/lib/config';
import { loadEvalSet, requestOf } from '@/lib/eval/dataset';
import { crossValidate, type FitCase, type PolicyGrid } from '@/lib/eval/fit';
import { publicSuites } from '@/lib/eval/suites';
import { buildIndex } from '@/lib/pipeline/build-index';
import { spanResult } from '@/lib/span';
import { questionOf } from '@/lib/request';
import { queryOf } from '@/lib/retrieval';
import { runCli, UsageError } from './lib/cli';

const GRID: PolicyGrid = {
  'weights.focus': [0, 0.25, 0.5],
  'weights.dense': [0.15, 0.3],
  'weights.passage': [0.1, 0.2],
  'weights.cue': [0, 0.1],
  'selection.anchorWords': [25, 35, 45, 60],
  'selection.elsewhere': [0.6, 0.7, 0.8, 1],
  'refusal.minScore': [0.25, 0.3],
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { folds: { type: 'string', default: '5' }, out: { type: 'string' }, from: { type: 'string' } },
    strict: true,
  });
  const k = Number(values.folds);
  if (!Number.isInteger(k) || k < 2) throw new UsageError('--folds must be an integer of at least 2');
  const base = values.from ? loadPolicy(values.from) : DEFAULT_POLICY;
  const config = getConfig();
  const work = await mkdtemp(path.join(tmpdir(), 'corpus-chat-fit-'));
  try {
    const cases: FitCase[] = [];
    const indexes = new Map<string, string>();
    for (const suite of publicSuites()) {
      let indexDir = indexes.get(suite.corpus);
      if (!indexDir) {
        indexDir = path.join(work, String(indexes.size));
        indexes.set(suite.corpus, indexDir);
      }
      const suiteConfig = loadConfig({
        ...process.env,
        CORPUS_DIR: suite.corpus,
        INDEX_DIR: indexDir,
        EMBEDDER: config.embeddings.embedder,
      });
      await buildIndex(suiteConfig);
      const context = await answerContext(suiteConfig);
      const { retriever } = context;
      for (const entry of await loadEvalSet(suite.questions)) {
        const request = requestOf(entry);
        const query = queryOf(request);
        const vector = await retriever.embedQuery(query);
        const retrieved = await retriever.retrieve(query, { k: suiteConfig.answer.passages, vector });
        const routed =
          intentOf(questionOf(request), suiteConfig.corpus.name) === 'question'
            ? undefined
            : await answer(request, { ...context, logger: silentLogger });
        const collected = await collectEvidence(retriever.index, retrieved, { text: query, vector, focus: questionOf(request) }, base.cues);
        cases.push({
          suite: suite.name,
          entry,
          index: retriever.index,
          passages: retrieved.map((p) => spanResult(p)),
          collected,
          corpus: suiteConfig.corpus,
          ...(routed ? { routed } : {}),
        });
      }
    }
    const started = Date.now();
    const result = await crossValidate(cases, base, GRID, k, config.answer.maxWords);
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
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

runCli(main);
