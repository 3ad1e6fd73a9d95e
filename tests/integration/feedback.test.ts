/**
 * POST /api/feedback on the production server, on the store under test (files, or Postgres with
 * TEST_STORE=postgres): bad input refused with JSON and nothing written, 1,000 posts at concurrency 16 kept
 * whole, the rate limit, and a session's feedback exported as a suite that `npm run eval -- --questions` scores.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnswerResponse } from '@/lib/answer';
import { buildIndex } from '@/lib/pipeline/build-index';
import { type FeedbackEntry, feedbackLog } from '@/lib/store/feedback';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { runScript, storeEnv, tempDir, TEST_STORE, testConfig } from '../helpers';

let env: Record<string, string>;
let feedbackDir: string;
let server: RunningServer;
let limited: RunningServer;

before(async () => {
  const indexDir = await tempDir();
  feedbackDir = await tempDir();
  // 1 MB: the 1,000 posts below fill more than that, so the files store rotates on the way.
  env = { ...(await storeEnv(indexDir)), FEEDBACK_DIR: feedbackDir, FEEDBACK_ROTATE_MB: '1' };
  await buildIndex(testConfig(env));
  [server, limited] = await Promise.all([
    startServer({ ...env, FEEDBACK_RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_PER_MINUTE: '0' }),
    startServer({ ...env, FEEDBACK_RATE_LIMIT_PER_MINUTE: '6' }),
  ]);
});

after(() => Promise.all([server?.stop(), limited?.stop()]));

const entries = () => feedbackLog(testConfig(env)).entries();

async function ask(question: string): Promise<AnswerResponse> {
  const response = await fetch(`${server.url}/api/answer`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  return (await response.json()) as AnswerResponse;
}

function feedbackOf(answer: AnswerResponse, verdict: 'up' | 'down', extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    conversation: 'c-1',
    question: answer.question,
    answer: answer.answer,
    citations: answer.citations.map(({ id, doc, title, start, end, text }) => ({ id, doc, title, start, end, text })),
    answerer: answer.answerer,
    version: answer.version,
    confidence: answer.confidence,
    refused: answer.refused,
    verdict,
    ...extra,
  };
}

const post = (target: RunningServer, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${target.url}/api/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe(`feedback (${TEST_STORE} store)`, () => {
  let germany: AnswerResponse;
  before(async () => {
    germany = await ask('Why did Germany refuse weapons?');
  });

  it('refuses bad input with a JSON error and writes nothing', async () => {
    const cases: [unknown, Record<string, string>, number, RegExp][] = [
      [feedbackOf(germany, 'up', { verdict: 'meh' }), {}, 400, /verdict must be "up" or "down"/],
      [feedbackOf(germany, 'down', { comment: 'x'.repeat(10_000) }), {}, 400, /comment must be at most 500 characters/],
      [feedbackOf(germany, 'up', { rating: 5 }), {}, 400, /Unrecognized key: "rating"/],
      [feedbackOf(germany, 'up', { id: 'not-a-uuid' }), {}, 400, /id must be a UUID/],
      ['{"verdict": "up"', {}, 400, /not valid JSON/],
      [
        feedbackOf(germany, 'up'),
        { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
        403,
        /must come from this server's own page/,
      ],
    ];
    for (const [body, headers, status, error] of cases) {
      const response = await post(server, body, headers);
      assert.equal(response.status, status, JSON.stringify(body).slice(0, 80));
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.match(((await response.json()) as { error: string }).error, error);
    }
    assert.deepEqual(await entries(), []);
  });

  it('keeps 1,000 posts sent 16 at a time, each whole', async () => {
    const sent = Array.from({ length: 1000 }, (_, i) =>
      feedbackOf(germany, i % 3 === 0 ? 'down' : 'up', { conversation: `load-${i}`, comment: `comment ${i} ${'é'.repeat(200)}` }),
    );
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < sent.length) {
          const body = sent[next++];
          const response = await post(server, body);
          statuses.push(response.status);
          await response.body?.cancel();
        }
      }),
    );
    assert.deepEqual(
      statuses.filter((s) => s !== 201),
      [],
    );
    const stored = new Map((await entries()).map((e) => [e.id, e]));
    assert.equal(stored.size, 1000);
    for (const body of sent) {
      const entry = stored.get(body.id) as FeedbackEntry;
      const { receivedAt, ...rest } = entry;
      assert.deepEqual(rest, body);
      assert.ok(!Number.isNaN(Date.parse(receivedAt)));
    }
    if (TEST_STORE === 'files') {
      const files = await readdir(feedbackDir);
      assert.ok(files.includes('feedback.jsonl'));
      assert.ok(
        files.some((f) => /^feedback-.+\.jsonl$/.test(f)),
        `rotated: ${files.join(', ')}`,
      );
    }
  });

  it('limits feedback per client, with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(limited, feedbackOf(germany, 'up'))).status);
    const refused = await post(limited, feedbackOf(germany, 'up'));
    assert.deepEqual(statuses.slice(0, 2), [201, 201]);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  });

  it("exports a session's feedback as a suite that npm run eval scores", async () => {
    const since = new Date().toISOString();
    const up = [await ask('Who is the Minister of Defense of Germany?'), germany];
    const down = await ask('What is the population of Canada?');
    for (const answer of up) assert.equal((await post(server, feedbackOf(answer, 'up', { conversation: 'session' }))).status, 201);
    const id = randomUUID();
    assert.equal((await post(server, feedbackOf(down, 'down', { id, conversation: 'session' }))).status, 201);
    // A comment added later is a new entry with the same id; the export keeps the last.
    const comment = 'It should say that the articles do not cover Canada.';
    assert.equal((await post(server, feedbackOf(down, 'down', { id, conversation: 'session', comment }))).status, 201);

    const file = path.join(await tempDir(), 'feedback.jsonl');
    const exported = await runScript('feedback.ts', ['export', file, '--since', since], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^wrote 3 items to .*: 2 answerable, 1 flagged for review/);
    const { readFile } = await import('node:fs/promises');
    const items = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const review = items.find((i) => i.review);
    assert.equal(review?.comment, comment);
    assert.equal(review?.question, 'What is the population of Canada?');
    for (const item of items.filter((i) => !i.review)) {
      assert.equal((item.expect_any as string[]).length, 1);
      assert.deepEqual(item.expect_docs, ['001_a7bb7fa174f8eb78.txt']);
    }

    const scored = await runScript('eval.ts', ['--questions', file], env);
    assert.match(scored.stdout, /answers right 2\/2 \(100%\)/, scored.stdout + scored.stderr);
    assert.match(scored.stderr, /1 items flagged for review are not scored/);

    const stats = await runScript('feedback.ts', ['stats', '--since', since], env);
    assert.equal(stats.code, 0, stats.stderr);
    assert.match(stats.stdout, /^3 verdicts in /);
    assert.match(stats.stdout, /extractive\s+3\s+2\s+67%/);
    assert.match(stats.stdout, /none\s+1\s+0\s+0%/);
  });
});
