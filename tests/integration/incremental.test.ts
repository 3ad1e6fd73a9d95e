/**
 * Adding and removing a document: `npm run index` embeds only the new one, the
 * CLI and the running server (no restart) answer from it, and once it is
 * deleted and the index rebuilt, it is gone from both.
 */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { corpusCopy, runScript, storeEnv, tempDir } from '../helpers';

const NEW_DOC = 'zephyr-accord.md';
const QUESTION = 'Where was the Zephyr Accord signed?';
const CONTENT = `# The Zephyr Accord

The Zephyr Accord was signed in Reykjavik on 3 March 2022 by the governments of Norway and Iceland.

It created a joint Arctic fisheries council based in Tromsø, which meets twice a year.
`;

let corpus: string;
let store: Record<string, string>;
let server: RunningServer;
const env = () => ({ CORPUS_DIR: corpus, ...store });

async function serverAnswer(): Promise<{ refused: boolean; answer: string; citations: { doc: string }[] }> {
  const response = await fetch(`${server.url}/api/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: QUESTION }),
  });
  assert.equal(response.status, 200);
  return response.json();
}

/** The server checks for a new index version about once a second. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

async function cliAnswer(): Promise<{ refused: boolean; answer: string; citations: { doc: string }[] }> {
  const { code, stdout, stderr } = await runScript('ask.ts', ['--json', QUESTION], env());
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

before(async () => {
  corpus = await corpusCopy();
  store = await storeEnv(await tempDir());
  const first = await runScript('build-index.ts', [], env());
  assert.equal(first.code, 0, first.stderr);
  server = await startServer(env());
});

after(() => server?.stop());

describe('incremental index', () => {
  it('does not know the fact before the document is added', async () => {
    assert.equal((await serverAnswer()).refused, true);
    assert.equal((await cliAnswer()).refused, true);
  });

  it('embeds exactly the one new document, then answers from it in the CLI and the running server', async () => {
    await writeFile(path.join(corpus, NEW_DOC), CONTENT);
    const build = await runScript('build-index.ts', [], env());
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, /incremental: added 1, changed 0, removed 0, unchanged 5/);
    assert.match(build.stdout, /embedded 1 document\n/);
    assert.match(build.stdout, /documents {2}6/);

    const cli = await cliAnswer();
    assert.equal(cli.refused, false);
    assert.match(cli.answer, /Reykjavik/);
    assert.equal(cli.citations[0]?.doc, NEW_DOC);

    const live = await eventually(serverAnswer, (a) => !a.refused);
    assert.equal(live.refused, false, 'the running server swapped in the new index without a restart');
    assert.match(live.answer, /Reykjavik/);
    assert.equal(live.citations[0]?.doc, NEW_DOC);
  });

  it('forgets the document once it is deleted and the index rebuilt', async () => {
    await rm(path.join(corpus, NEW_DOC));
    const build = await runScript('build-index.ts', [], env());
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, /incremental: added 0, changed 0, removed 1, unchanged 5/);
    assert.match(build.stdout, /embedded 0 documents/);
    assert.equal((await cliAnswer()).refused, true);
    const live = await eventually(serverAnswer, (a) => a.refused);
    assert.equal(live.refused, true);
    assert.ok(live.citations.every((c) => c.doc !== NEW_DOC));
  });

  it('a second build waits for the first rather than interleaving', async () => {
    await writeFile(path.join(corpus, NEW_DOC), CONTENT);
    const [a, b] = await Promise.all([
      runScript('build-index.ts', [], { ...env(), EMBED_BATCH_SIZE: '1' }),
      runScript('build-index.ts', [], env()),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.match(a.stderr + b.stderr, /waiting: another build \(pid \d+/);
    assert.match(a.stdout + b.stdout, /Index is up to date|embedded 0 documents/, 'the later build found the work done');
  });
});
