/** The scripts as a user runs them: progress, summary, JSON output, errors and a killed build. */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { pdfBomb } from '../fixtures/pdf';
import { isAppError } from '@/lib/errors';
import { openStore, runScript, storeEnv, tempDir } from '../helpers';

describe('npm run index / ask', () => {
  let env: Record<string, string>;
  let buildOutput: { stdout: string; stderr: string; code: number | null };

  before(async () => {
    env = await storeEnv(await tempDir());
    buildOutput = await runScript('build-index.ts', [], env);
  });

  it('builds with progress and a summary', () => {
    assert.equal(buildOutput.code, 0, buildOutput.stderr);
    assert.match(buildOutput.stderr, /documents: 5 loaded/);
    assert.match(buildOutput.stderr, /embedder: use-lite \(512-d\) — /);
    assert.match(buildOutput.stderr, /embedding passages \d+\/\d+/);
    assert.match(buildOutput.stdout, /Index built in [\d.]+ s — embedded 5 documents/);
    assert.match(buildOutput.stderr, /full rebuild: there is no previous index/);
    assert.match(buildOutput.stdout, /documents {2}5/);
    assert.match(buildOutput.stdout, /changes {4}added 5, changed 0, removed 0, unchanged 0/);
    assert.match(buildOutput.stdout, /passages {3}\d+/);
    assert.match(buildOutput.stdout, /skipped {4}0/);
  });

  it('ask --json prints only JSON, first passage from the Lambrecht article', async () => {
    const { code, stdout } = await runScript('ask.ts', ['--json', 'Why did Germany refuse weapons?'], env);
    assert.equal(code, 0);
    const response = JSON.parse(stdout);
    assert.equal(response.question, 'Why did Germany refuse weapons?');
    assert.equal(response.passages[0].doc, '001_a7bb7fa174f8eb78.txt');
    assert.match(response.passages[0].text, /Lambrecht/);
    for (const key of ['doc', 'title', 'text', 'start', 'end', 'score']) assert.ok(key in response.passages[0], key);
  });

  it('ask --batch answers each line in order and flags bad lines', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'batch.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({ question: 'How was Alexander Litvinenko killed?' }),
        'not json',
        JSON.stringify({ messages: [{ role: 'user', content: 'Why is Sweden deploying troops on Gotland?' }] }),
      ].join('\n'),
    );
    const { code, stdout, stderr } = await runScript('ask.ts', ['--batch', file], env);
    assert.equal(code, 1, 'a bad line makes the exit code non-zero');
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 3);
    assert.match(lines[0].passages[0].text, /Polonium/);
    assert.deepEqual(lines[1], { error: 'line is not valid JSON', line: 2 });
    assert.equal(lines[2].passages[0].doc, '002_bceca436d5cb6915.txt');
    assert.match(stderr, /line 2: line is not valid JSON/);
  });

  it('ask without an index says to run npm run index', async () => {
    const { code, stdout, stderr } = await runScript('ask.ts', ['anything'], await storeEnv(await tempDir()));
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^error: No index found in .*Run `npm run index` to build it\.\n$/);
  });

  it('ask with an empty question is a usage error', async () => {
    const { code, stderr } = await runScript('ask.ts', ['--json'], env);
    assert.equal(code, 2);
    assert.match(stderr, /question must not be empty/);
  });

  it('an empty corpus is a clear error with exit 1 and leaves no index', async () => {
    const corpus = await tempDir();
    await mkdir(path.join(corpus, 'nested'));
    await writeFile(path.join(corpus, 'nested', 'empty.txt'), '');
    const target = await storeEnv(await tempDir());
    const { code, stderr } = await runScript('build-index.ts', [], { CORPUS_DIR: corpus, ...target });
    assert.equal(code, 1);
    assert.match(stderr, /warning: skipped nested\/empty\.txt: empty file/);
    assert.match(stderr, /error: No indexable documents in /);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    await assert.rejects(openStore(target), (e: unknown) => isAppError(e) && e.code === 'index_missing');
  });

  it('eval scores a suite of its own per kind, beside the 80-word-window and top-passage baselines', async () => {
    const { code, stdout } = await runScript('eval.ts', ['--questions', 'tests/fixtures/eval-questions.jsonl', '--corpus', 'corpus'], {});
    assert.equal(code, 0, stdout);
    assert.match(stdout, /direct +11 +11 +10 +10 +11 +0 +\d+\/\d+/);
    assert.match(stdout, /out_of_corpus +2 +2 +0 +0 +- +-/);
    assert.match(
      stdout,
      /answers right 11\/11 \(100%\); baselines: best 80-word window of the top passage 10 \(91%\), whole top passage 10 \(91%\); answerable refused 0 \(0%\), unanswerable handled 2\/2 \(100%\)/,
    );
    assert.match(stdout, /PASS: every suite meets the targets/);
  });

  it('a PDF bomb in corpus/ is skipped with a warning and the rest is indexed', async () => {
    const corpus = await tempDir();
    await writeFile(path.join(corpus, 'bomb.pdf'), pdfBomb(1_000_000));
    await writeFile(path.join(corpus, 'fine.txt'), 'The Osterholm ferry runs twice a day in summer.');
    const target = await storeEnv(await tempDir());
    const { code, stdout, stderr } = await runScript('build-index.ts', [], {
      CORPUS_DIR: corpus,
      ...target,
      EXTRACT_MEMORY_MB: '128',
    });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /warning: skipped bomb\.pdf: reading it needs more than 128 MiB/);
    assert.match(stdout, /documents +1/);
    assert.deepEqual(
      (await openStore(target)).documents.map((d) => d.id),
      ['fine.txt'],
    );
  });

  it('a build killed with SIGKILL during embedding leaves the previous index loadable', async () => {
    const before = await openStore(env);
    // --full: the corpus is unchanged, so only a full rebuild has anything to embed.
    const killed = await runScript(
      'build-index.ts',
      ['--full'],
      { ...env, EMBED_BATCH_SIZE: '1' },
      {
        onStderr: (all, kill) => {
          if (/embedding passages [1-9]/.test(all) || /embedding passages 0\//.test(all)) kill('SIGKILL');
        },
      },
    );
    assert.equal(killed.signal, 'SIGKILL');
    assert.doesNotMatch(killed.stdout, /Index built/);
    const after = await openStore(env);
    assert.equal(after.manifest.version, before.manifest.version);
    assert.equal(after.passages.length, before.passages.length);
  });
});
