/**
 * `npm run eval`: every public suite (lib/eval/suites), the SQuAD ones
 * included, each on a temporary index of its own corpus: per kind, answers
 * right beside two baselines (the best 80-word window of the top passage, the
 * whole top passage), retrieval@5, answerable questions refused and answer
 * words; the entries that missed, for checking by hand; exits 1 when a suite
 * misses one of its targets (EVAL_TARGETS, or the suite's own).
 * `--questions X.jsonl [--corpus DIR]`: a suite of one's own, scored the same way.
 * `--file X.jsonl`: one file against the configured index, per question, with
 * the EVAL_MIN_ANSWERED / EVAL_MIN_REFUSED thresholds.
 * `--retrieval`: hit@k and MRR for dense, BM25 and hybrid search instead.
 * `--store postgres` (or STORE=postgres): the suites' indexes in Postgres instead of files.
 * `--as docx|odt|epub`: the articles' and domain-dev's suites, each beside its corpus converted by pandoc.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { answer } from '@/lib/answer';
import { answerContext } from '@/lib/answer/context';
import { loadModel } from '@/lib/answer/model';
import { type Config, getConfig, loadConfig } from '@/lib/config';
import { silentLogger } from '@/lib/log';
import { defaultEvalFile, loadEvalSet, type EvalEntry } from '@/lib/eval/dataset';
import { evaluateAnswers, EVAL_TARGETS, missedTargets, type QaSummary } from '@/lib/eval/qa';
import { publicSuites, type EvalSuite } from '@/lib/eval/suites';
import { buildIndex } from '@/lib/pipeline/build-index';
import { evaluateRetrieval, type ModeScores } from '@/lib/eval/retrieval';
import type { Retriever } from '@/lib/retrieval';
import { storeBackend } from '@/lib/store';
import { runCli, UsageError } from './lib/cli';
import { CONVERTIBLE, type ConvertedFormat, convertedSuite } from './lib/convert-suite';
import { servePglite } from './lib/pglite-server';

type StoreKind = Config['store']['kind'];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const mark = (ok: boolean) => (ok ? 'yes' : 'NO ');

function retrievalTable(scores: readonly ModeScores[]): string {
  const label = { dense: 'dense', lexical: 'bm25', hybrid: 'hybrid' } as const;
  const lines = ['mode      questions   hit@1   hit@3   hit@5   MRR@5', '--------  ---------  ------  ------  ------  ------'];
  for (const s of scores) {
    lines.push(
      `${label[s.mode].padEnd(8)}  ${String(s.questions).padStart(9)}  ${pct(s.hitAt1)} ${pct(s.hitAt3)} ${pct(s.hitAt5)}  ${s.mrr.toFixed(3)}`,
    );
  }
  const misses = scores.flatMap((s) =>
    Object.entries(s.ranks)
      .filter(([, r]) => r === 0)
      .map(([id]) => `${s.mode}:${id}`),
  );
  if (misses.length) lines.push('', `not in top 5: ${misses.join(', ')}`);
  return lines.join('\n');
}

function qaTable(summary: QaSummary): string {
  const lines = [
    'id     kind          retrieved  phrase  cited  refused  pass  answer',
    '-----  ------------  ---------  ------  -----  -------  ----  ------',
  ];
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

function kindTable(summary: QaSummary): string {
  const lines = [
    'kind                     n  right  80-word window  top passage  retrieval@5  refused  words p50/p95',
    '-------------------  -----  -----  --------------  -----------  -----------  -------  -------------',
  ];
  for (const k of summary.kinds) {
    const byHand = k.kind === 'chitchat_meta';
    const answerable = !['out_of_corpus', 'false_premise', 'chitchat_meta', 'unanswerable'].includes(k.kind);
    lines.push(
      [
        k.kind.padEnd(19),
        String(k.questions).padStart(5),
        (byHand ? 'by hand' : String(k.right)).padStart(5),
        (byHand ? '-' : String(k.window)).padStart(14),
        (byHand ? '-' : String(k.baseline)).padStart(11),
        (answerable ? String(k.retrievedAt5) : '-').padStart(11),
        (answerable ? String(k.refused) : '-').padStart(7),
        `${k.wordsP50}/${k.wordsP95}`.padStart(13),
      ].join('  '),
    );
  }
  return lines.join('\n');
}

function confidenceTable(summary: QaSummary): string {
  const lines = ['confidence  answers  right  unanswerable answered', '----------  -------  -----  -----------------------'];
  for (const c of summary.confidence)
    lines.push(
      `${c.confidence.padEnd(10)}  ${String(c.answers).padStart(7)}  ${String(c.right).padStart(5)}  ${String(c.unanswerable).padStart(23)}`,
    );
  return lines.join('\n');
}

function calibrationTable(summary: QaSummary): string {
  const lines = ['support      answers  right  right share', '-----------  -------  -----  -----------'];
  for (const b of summary.calibration)
    if (b.answers > 0)
      lines.push(
        `${`${b.from.toFixed(1)}–${b.to.toFixed(1)}`.padEnd(11)}  ${String(b.answers).padStart(7)}  ${String(b.right).padStart(5)}  ${pct(b.right / b.answers).padStart(11)}`,
      );
  return lines.join('\n');
}

/** What the fitted answer model gave on the folds by document it was not fitted on (written by npm run train). */
function foldTable(): string {
  const { fitted } = loadModel(getConfig().answer.modelFile);
  const lines = [
    `The answer model (npm run train), ${fitted.folds} folds by document; each suite's questions scored by the model fitted without their documents:`,
    'suite                        answerable  right   refused  unanswerable  handled',
    '---------------------------  ----------  ------  -------  ------------  -------',
  ];
  for (const f of fitted.heldOut)
    lines.push(
      `${f.suite.padEnd(27)}  ${String(f.answerable).padStart(10)}  ${pct(f.answerable ? f.right / f.answerable : 0)} ${pct(f.answerable ? f.refused / f.answerable : 0).padStart(8)}  ${String(f.unanswerable).padStart(12)}  ${f.unanswerable ? pct(f.handled / f.unanswerable) : '      -'}`,
    );
  return lines.join('\n');
}

function missList(summary: QaSummary): string {
  const missed = summary.rows.filter((r) => !r.pass);
  return missed
    .map(
      (r) =>
        `  ${r.id} ${r.kind}${r.refused ? ' (refused)' : ''}${r.baseline ? ' (top passage right)' : ''}: ${r.answer.replace(/\s+/g, ' ').slice(0, 110)}`,
    )
    .join('\n');
}

/**
 * One suite on a temporary index of its corpus. With STORE=postgres, that index is in a Postgres of its own
 * (PGlite with pgvector, reached over TCP like any server): the configured database is never touched.
 */
async function runSuite(suite: EvalSuite, base: Config, store: StoreKind): Promise<QaSummary> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'corpus-chat-eval-'));
  const database = store === 'postgres' ? await servePglite({ port: 0 }) : undefined;
  const config = loadConfig({
    ...process.env,
    CORPUS_DIR: suite.corpus,
    INDEX_DIR: indexDir,
    EMBEDDER: base.embeddings.embedder,
    STORE: store,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  try {
    await buildIndex(config);
    const context = await answerContext(config);
    const entries = await loadEvalSet(suite.questions);
    const review = entries.filter((e) => e.review).length;
    if (review > 0) process.stderr.write(`${suite.name}: ${review} items flagged for review are not scored\n`);
    return await evaluateAnswers(
      entries.filter((e) => !e.review),
      (request) => answer(request, { ...context, logger: silentLogger }),
    );
  } finally {
    await storeBackend(config).close();
    await database?.stop();
    await rm(indexDir, { recursive: true, force: true });
  }
}

async function runSuites(suites: readonly EvalSuite[], json: boolean, store: StoreKind): Promise<number> {
  const config = loadConfig({ ...process.env, STORE: 'files' });
  const results: { suite: EvalSuite; summary: QaSummary; missed: string[] }[] = [];
  for (const suite of suites) {
    const summary = await runSuite(suite, config, store);
    const missed = missedTargets(summary, suite.targets);
    results.push({ suite, summary, missed });
    if (!json) {
      const pctOf = (n: number, of: number) => (of === 0 ? '-' : `${((n / of) * 100).toFixed(0)}%`);
      process.stdout.write(
        [
          `${suite.name}: ${path.relative(process.cwd(), suite.questions)} on ${path.relative(process.cwd(), suite.corpus) || '.'}`,
          '',
          kindTable(summary),
          '',
          confidenceTable(summary),
          '',
          calibrationTable(summary),
          '',
          `answers right ${summary.answered}/${summary.answerable} (${pctOf(summary.answered, summary.answerable)}); baselines: best 80-word window of the top passage ${summary.windowRight} (${pctOf(summary.windowRight, summary.answerable)}), whole top passage ${summary.passageRight} (${pctOf(summary.passageRight, summary.answerable)}); answerable refused ${summary.answerableRefused} (${pctOf(summary.answerableRefused, summary.answerable)}), unanswerable handled ${summary.refused}/${summary.unanswerable} (${pctOf(summary.refused, summary.unanswerable)})`,
          missed.length ? `targets missed: ${missed.join('; ')}` : 'all targets met',
          summary.rows.some((r) => !r.pass) ? `not right (check by hand; phrase matching is strict):\n${missList(summary)}` : '',
          '',
          '',
        ].join('\n'),
      );
    }
  }
  const ok = results.every((r) => r.missed.length === 0);
  if (json)
    process.stdout.write(
      `${JSON.stringify({ suites: results.map((r) => ({ ...r.suite, targets: r.suite.targets ?? EVAL_TARGETS, ...r.summary, missed: r.missed })), ok }, null, 2)}\n`,
    );
  else
    process.stdout.write(`${foldTable()}\n\n${ok ? 'PASS: every suite meets the targets' : 'FAIL: a suite misses its targets (above)'}\n`);
  return ok ? 0 : 1;
}

runCli(async () => {
  let values: { file?: string; retrieval?: boolean; json?: boolean; questions?: string; corpus?: string; store?: string; as?: string };
  try {
    ({ values } = parseArgs({
      options: {
        file: { type: 'string' },
        retrieval: { type: 'boolean' },
        json: { type: 'boolean' },
        questions: { type: 'string' },
        corpus: { type: 'string' },
        store: { type: 'string' },
        as: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.corpus && !values.questions) throw new UsageError('--corpus goes with --questions FILE.jsonl');
  if (values.store !== undefined && values.store !== 'files' && values.store !== 'postgres') {
    throw new UsageError(`--store must be files or postgres, not "${values.store}"`);
  }
  // Suites build temporary indexes: in files, or each in a Postgres of its own; STORE picks when --store does not.
  const store: StoreKind = (values.store as StoreKind | undefined) ?? (process.env.STORE === 'postgres' ? 'postgres' : 'files');
  if (values.questions) {
    // A suite of one's own: a questions file and the folder of documents it asks about.
    const corpus = path.resolve(values.corpus ?? getConfig().paths.corpusDir);
    return runSuites(
      [{ name: path.basename(values.questions), questions: path.resolve(values.questions), corpus }],
      values.json ?? false,
      store,
    );
  }
  if (values.as !== undefined) {
    const format = values.as as ConvertedFormat;
    if (!CONVERTIBLE.includes(format)) throw new UsageError(`--as must be one of ${CONVERTIBLE.join(', ')}, not "${values.as}"`);
    // The suites written for the product, each beside itself converted: what a user's Word or EPUB files cost.
    const work = await mkdtemp(path.join(tmpdir(), 'corpus-chat-as-'));
    try {
      const suites = publicSuites(process.cwd());
      const converted: EvalSuite[] = [];
      for (const suite of suites) converted.push(await convertedSuite(suite, format, work));
      return await runSuites(
        suites.flatMap((s, i) => [s, ...converted.slice(i, i + 1)]),
        values.json ?? false,
        store,
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  if (!values.file && !values.retrieval) return runSuites(publicSuites(process.cwd(), { squad: true }), values.json ?? false, store);
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

  const summary = await evaluateAnswers(entries, (request) => answer(request, { ...context, logger: silentLogger }));
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
