/**
 * What only a shared database does: two production servers on one Postgres
 * (PGlite with pgvector, served over TCP and reached with `pg`, as a real
 * server would be), each seeing what the other publishes while clients ask on
 * both; builds killed at any point; damaged rows; a database that is down.
 * The contract both stores keep is tested in tests/store/contract.test.ts,
 * and the integration suite runs on Postgres too (TEST_STORE=postgres).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { isAppError } from '@/lib/errors';
import { storeBackend } from '@/lib/store';
import { type PgliteServer, servePglite } from '../../scripts/lib/pglite-server';
import { type RunningServer, startServer } from '../../scripts/lib/server';
import { corpusCopy, runScript, tempDir, testConfig } from '../helpers';

const NEW_DOC = 'marlow-bridge.md';
const QUESTION = 'When did the Marlow footbridge reopen?';
const CONTENT = `# The Marlow footbridge

The Marlow footbridge reopened on 14 June 2023 after a two-year restoration by the county council.

Its cast-iron deck was recast in Sheffield and carries about four thousand walkers a day.
`;

interface Answer {
  readonly refused: boolean;
  readonly answer: string;
  readonly citations: { readonly doc: string }[];
}

async function ask(server: RunningServer, question: string): Promise<{ status: number; body: Answer }> {
  const response = await fetch(`${server.url}/api/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('two servers sharing one Postgres', () => {
  let db: PgliteServer;
  let a: RunningServer;
  let b: RunningServer;
  let env: Record<string, string>;

  before(async () => {
    db = await servePglite({ port: 0 });
    env = {
      CORPUS_DIR: await corpusCopy(),
      INDEX_DIR: await tempDir(),
      STORE: 'postgres',
      DATABASE_URL: db.url,
      INDEX_LOCK_WAIT_MS: '30000',
    };
    const build = await runScript('build-index.ts', [], env);
    assert.equal(build.code, 0, build.stderr);
    // Each server has a corpus folder of its own: only the database is shared.
    [a, b] = await Promise.all([startServer(env), startServer({ ...env, CORPUS_DIR: await corpusCopy() })]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.stop();
  });

  it('an upload through one is answered with a citation by the other within 3 s, while 16 clients ask on both', async (t) => {
    assert.equal((await ask(b, QUESTION)).body.refused, true, 'unknown before the upload');
    const questions = ['Why did Germany refuse weapons?', 'What happened on Gotland?', 'Who is Lambrecht?', QUESTION];
    const statuses: number[] = [];
    let stop = false;
    const clients = Array.from({ length: 16 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const { status } = await ask(c % 2 === 0 ? a : b, questions[(c + i) % questions.length] as string);
        statuses.push(status);
      }
    });
    const form = new FormData();
    form.append('files', new Blob([CONTENT]), NEW_DOC);
    const uploaded = await fetch(`${a.url}/api/documents`, { method: 'POST', body: form });
    assert.equal(uploaded.status, 200, await uploaded.clone().text());
    const published = Date.now();
    let seen: Answer | undefined;
    while (Date.now() - published < 3000) {
      const { body } = await ask(b, QUESTION);
      if (!body.refused && body.citations.some((c) => c.doc === NEW_DOC)) {
        seen = body;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const waited = Date.now() - published;
    stop = true;
    await Promise.all(clients);
    assert.ok(seen, `the other server answered from ${NEW_DOC} within 3 s`);
    assert.match(seen.answer, /14 June 2023/);
    assert.ok(waited <= 3000, `${waited} ms`);
    t.diagnostic(`answered from the other server ${waited} ms after the upload returned; ${statuses.length} questions meanwhile`);
    assert.ok(statuses.length >= 16, `${statuses.length} questions asked`);
    assert.deepEqual(
      statuses.filter((s) => s !== 200),
      [],
      `no errors among ${statuses.length} questions`,
    );
  });

  it('a deletion through the other is gone from the first', async () => {
    const removed = await fetch(`${b.url}/api/documents/${NEW_DOC}`, { method: 'DELETE' });
    assert.equal(removed.status, 200, await removed.clone().text());
    const deadline = Date.now() + 3000;
    let body = (await ask(a, QUESTION)).body;
    while (body.citations.some((c) => c.doc === NEW_DOC) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      body = (await ask(a, QUESTION)).body;
    }
    assert.ok(!body.citations.some((c) => c.doc === NEW_DOC));
    const listed = (await (await fetch(`${a.url}/api/documents`)).json()) as { documents: { id: string }[] };
    assert.equal(listed.documents.length, 5);
  });
});

describe('builds and damage on Postgres', () => {
  let db: PgliteServer;
  let env: Record<string, string>;
  before(async () => {
    db = await servePglite({ port: 0 });
    env = { CORPUS_DIR: await corpusCopy(), INDEX_DIR: await tempDir(), STORE: 'postgres', DATABASE_URL: db.url };
  });
  after(async () => {
    await storeBackend(testConfig(env)).close();
    await db?.stop();
  });

  it('a build killed at any point leaves the previous version in service, and the next build clears what it left', async () => {
    const first = await runScript('build-index.ts', [], env);
    assert.equal(first.code, 0, first.stderr);
    const served = (await storeBackend(testConfig(env)).currentManifest()).version;
    const started = Date.now();
    const timed = await runScript('build-index.ts', ['--full'], env);
    assert.equal(timed.code, 0, timed.stderr);
    const duration = Date.now() - started;
    const before = (await storeBackend(testConfig(env)).currentManifest()).version;
    assert.notEqual(before, served);
    for (const fraction of [0.5, 0.75, 0.9]) {
      const run = await runScript('build-index.ts', ['--full'], env, { timeoutMs: Math.round(duration * fraction) });
      if (run.code === 0) continue; // it finished first on this machine
      assert.equal(run.signal, 'SIGKILL');
      const index = await storeBackend(testConfig(env)).open();
      assert.equal((await storeBackend(testConfig(env)).currentManifest()).version, index.version);
      assert.equal(index.documents.length, 5, 'the version in service is whole');
    }
    // The killed builds' lease is taken over at once (their process is gone), and what they wrote is removed.
    const last = await runScript('build-index.ts', ['--full'], { ...env, INDEX_LOCK_WAIT_MS: '0' });
    assert.equal(last.code, 0, last.stderr);
    const [orphans] = await sql<{ n: number }>(
      db.url,
      'SELECT count(*)::int AS n FROM snapshots s WHERE NOT EXISTS (SELECT 1 FROM version_documents vd WHERE vd.snapshot = s.id)',
    );
    assert.equal(orphans?.n, 0);
    const [versions] = await sql<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM versions');
    assert.equal(versions?.n, 3, 'the version in service and the two before it');
  });

  it('damaged rows are index_corrupt with what to do; a server that loaded the version keeps answering', async () => {
    const server = await startServer(env);
    try {
      assert.equal((await ask(server, 'Why did Germany refuse weapons?')).status, 200);
      await sql(db.url, 'DELETE FROM sentences WHERE ordinal = 0');
      await assert.rejects(
        storeBackend(testConfig(env)).open(),
        (e: unknown) => isAppError(e) && e.code === 'index_corrupt' && /npm run index/.test(e.message),
      );
      assert.equal((await ask(server, 'Why did Germany refuse weapons?')).status, 200, 'the loaded version still answers');
      const fresh = await startServer(env);
      try {
        const { status, body } = await ask(fresh, 'Why did Germany refuse weapons?');
        assert.equal(status, 503);
        assert.match(
          (body as unknown as { error: string }).error,
          /The index in the database is damaged: .*Run `npm run index` to rebuild it\./,
        );
      } finally {
        await fresh.stop();
      }
      const rebuilt = await runScript('build-index.ts', ['--full'], env);
      assert.equal(rebuilt.code, 0, rebuilt.stderr);
      assert.equal((await storeBackend(testConfig(env)).open()).documents.length, 5, 'a full rebuild repairs it');
    } finally {
      await server.stop();
    }
  });

  it('a database that is down is a clear error: the CLI exits 1, the server answers 503 with JSON', async () => {
    const down = { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' };
    const build = await runScript('build-index.ts', [], down);
    assert.equal(build.code, 1);
    assert.match(
      build.stderr,
      /error: The database at postgres:\/\/127\.0\.0\.1:1\/postgres cannot be reached \(ECONNREFUSED\)\. .*npm run db:serve/,
    );
    assert.doesNotMatch(build.stderr, /\n\s+at /, 'no stack trace');
    const asked = await runScript('ask.ts', ['Why did Germany refuse weapons?'], down);
    assert.equal(asked.code, 1);
    assert.match(asked.stderr, /cannot be reached/);
    const server = await startServer(down);
    try {
      const { status, body } = await ask(server, 'Why did Germany refuse weapons?');
      assert.equal(status, 503);
      assert.match((body as unknown as { error: string }).error, /The database at postgres:\/\/127\.0\.0\.1:1\/postgres cannot be reached/);
      assert.doesNotMatch(JSON.stringify(body), /\n\s+at /);
    } finally {
      await server.stop();
    }
  });
});
