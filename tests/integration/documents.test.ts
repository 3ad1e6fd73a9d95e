/**
 * Listing and deleting documents against the production server, and through
 * `npm run docs`: what a deletion removes (the index entry and the corpus file,
 * nothing else), what it refuses, and that a deleted document is never cited.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildIndex } from '@/lib/pipeline/build-index';
import { removeDocument } from '@/lib/pipeline/documents';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { corpusCopy, runScript, tempDir, testConfig, storeEnv } from '../helpers';

let server: RunningServer;
let readOnly: RunningServer;
let limited: RunningServer;
let keyed: RunningServer;
let corpus: string;
const KEY = 'documents-key-0123456789';

async function serverOn(env: Record<string, string>): Promise<{ corpus: string; server: RunningServer }> {
  const dir = await corpusCopy();
  const store = await storeEnv(await tempDir());
  await buildIndex(testConfig({ CORPUS_DIR: dir, ...store }));
  return { corpus: dir, server: await startServer({ CORPUS_DIR: dir, ...store, ...env }) };
}

before(async () => {
  const started = await Promise.all([
    serverOn({ INDEX_LOCK_WAIT_MS: '20000' }),
    serverOn({ ALLOW_UPLOADS: 'false' }),
    serverOn({ UPLOAD_RATE_LIMIT_PER_MINUTE: '2' }),
    serverOn({ CORPUS_CHAT_API_KEY: KEY }),
  ]);
  [{ corpus, server }, { server: readOnly }, { server: limited }, { server: keyed }] = started as [
    { corpus: string; server: RunningServer },
    { corpus: string; server: RunningServer },
    { corpus: string; server: RunningServer },
    { corpus: string; server: RunningServer },
  ];
});

after(() => Promise.all([server?.stop(), readOnly?.stop(), limited?.stop(), keyed?.stop()]));

function upload(base: RunningServer, name: string, text: string): Promise<Response> {
  const form = new FormData();
  form.append('files', new Blob([text]), name);
  return fetch(`${base.url}/api/documents`, { method: 'POST', body: form });
}

const remove = (base: RunningServer, id: string, headers: Record<string, string> = {}) =>
  fetch(`${base.url}/api/documents/${id}`, { method: 'DELETE', headers });

const ask = async (base: RunningServer, question: string) =>
  (await (
    await fetch(`${base.url}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    })
  ).json()) as {
    refused: boolean;
    citations: { doc: string }[];
    passages: { doc: string }[];
  };

describe('GET /api/documents', () => {
  it('lists every document with its title, size, passages and when it was indexed', async () => {
    const response = await fetch(`${server.url}/api/documents`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      version: string;
      documents: { id: string; title: string; bytes: number; passages: number; indexedAt: string }[];
    };
    assert.equal(body.documents.length, 5);
    for (const d of body.documents) {
      assert.ok(d.title.length > 0 && d.passages > 0, d.id);
      assert.equal(d.bytes, (await readFile(path.join(corpus, d.id))).length, `${d.id} size`);
      assert.ok(!Number.isNaN(Date.parse(d.indexedAt)), d.indexedAt);
    }
  });
});

describe('DELETE /api/documents/{id}', () => {
  it('removes an uploaded document from the index and corpus/; it is never cited again', async () => {
    const fact = 'The Vellmoor accord on tidal mills was sealed at Quenby Hall in 1788.';
    assert.equal((await upload(server, 'vellmoor.txt', fact)).status, 200);
    const before = await ask(server, 'Where was the Vellmoor accord sealed?');
    assert.ok(
      before.citations.some((c) => c.doc === 'vellmoor.txt'),
      'answered from the upload first',
    );

    const response = await remove(server, 'vellmoor.txt');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { removed: string; index: { documents: number } };
    assert.deepEqual([body.removed, body.index.documents], ['vellmoor.txt', 5]);
    assert.ok(!(await readdir(corpus)).includes('vellmoor.txt'), 'the file is gone from corpus/');
    assert.equal((await fetch(`${server.url}/api/documents/vellmoor.txt`)).status, 404);
    const list = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string }[] };
    assert.ok(!list.documents.some((d) => d.id === 'vellmoor.txt'));
    const afterwards = await ask(server, 'Where was the Vellmoor accord sealed?');
    assert.ok(![...afterwards.citations, ...afterwards.passages].some((c) => c.doc === 'vellmoor.txt'));
  });

  it('answers 404 for an unknown id and 400/404 for path tricks, touching nothing outside corpus/', async () => {
    const outside = path.join(path.dirname(corpus), `outside-${path.basename(corpus)}.txt`);
    await writeFile(outside, 'not a corpus file');
    const files = await readdir(corpus);
    const unknown = await remove(server, 'no-such-document.txt');
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { error: string }).error, /No document with id "no-such-document.txt"/);
    for (const trick of [
      `..%2F${path.basename(outside)}`,
      `%2E%2E/${path.basename(outside)}`,
      '%2Fetc%2Fpasswd',
      '.hidden',
      'a%5C..%5Cb',
      `${files[0]}%00.txt`,
    ]) {
      const response = await remove(server, trick);
      assert.ok([400, 404].includes(response.status), `${trick}: ${response.status}`);
      assert.ok(typeof ((await response.json()) as { error?: unknown }).error === 'string', trick);
    }
    assert.equal(await readFile(outside, 'utf8'), 'not a corpus file');
    assert.deepEqual(await readdir(corpus), files);
  });

  it('answers 403 when uploads are switched off, and from another origin', async () => {
    const off = await remove(readOnly, '000_30d27c5237f5a4d0.txt');
    assert.equal(off.status, 403);
    assert.match(((await off.json()) as { error: string }).error, /switched off/);
    const crossSite = await remove(server, '000_30d27c5237f5a4d0.txt', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.status, 403);
    assert.ok((await readdir(corpus)).includes('000_30d27c5237f5a4d0.txt'));
  });

  it('takes the API key and the upload rate limit', async () => {
    assert.equal((await remove(keyed, '000_30d27c5237f5a4d0.txt')).status, 401);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await remove(limited, 'no-such-document.txt')).status);
    assert.ok(statuses.includes(429), statuses.join(','));
  });

  it('concurrent deletes and questions give no 5xx, and the deleted documents are never cited after', async () => {
    for (const [name, text] of [
      ['harbour-a.txt', 'The Orrin harbour dues were halved by the Saltmarsh council in 1902.'],
      ['harbour-b.txt', 'The Saltmarsh council built the Orrin breakwater with granite from Tolland.'],
    ] as const) {
      assert.equal((await upload(server, name, text)).status, 200);
    }
    const calls: Promise<Response>[] = [];
    for (let i = 0; i < 2; i++) calls.push(remove(server, 'harbour-a.txt'), remove(server, 'harbour-b.txt'));
    for (let i = 0; i < 8; i++)
      calls.push(
        fetch(`${server.url}/api/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question: 'What did the Saltmarsh council do for Orrin?' }),
        }),
      );
    const statuses = await Promise.all(calls.map(async (c) => (await c).status));
    assert.ok(
      statuses.every((s) => s < 500),
      statuses.join(','),
    );
    // Each document is deleted once; the repeated request finds it gone.
    assert.deepEqual(statuses.slice(0, 4).sort(), [200, 200, 404, 404]);
    const afterwards = await ask(server, 'What did the Saltmarsh council do for Orrin?');
    assert.ok(![...afterwards.citations, ...afterwards.passages].some((c) => c.doc.startsWith('harbour-')));
  });
});

describe('removeDocument', () => {
  it('refuses the last document, and leaves it in corpus/ and the index', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'only.txt'), 'The only document of this corpus says little.');
    const config = testConfig({ CORPUS_DIR: dir, ...(await storeEnv(await tempDir())) });
    await buildIndex(config);
    await assert.rejects(removeDocument(config, 'only.txt'), /the only document/);
    assert.deepEqual(await readdir(dir), ['only.txt']);
  });
});

describe('npm run docs', () => {
  it('lists the documents, removes one, and says what is wrong with a bad id or command', async () => {
    const dir = await corpusCopy();
    const env = { CORPUS_DIR: dir, ...(await storeEnv(await tempDir())) };
    await buildIndex(testConfig(env));
    const list = await runScript('docs.ts', ['list'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^id +format +size +passages +indexed \(UTC\) +title$/m);
    assert.match(list.stdout, /^004_074836f2c1ba7ac7\.txt +txt +/m);
    assert.match(list.stdout, /5 documents \(index v/);
    const removed = await runScript('docs.ts', ['remove', '004_074836f2c1ba7ac7.txt', '--json'], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(JSON.parse(removed.stdout).index.documents, 4);
    assert.ok(!(await readdir(dir)).includes('004_074836f2c1ba7ac7.txt'));
    const unknown = await runScript('docs.ts', ['remove', 'nothing.txt'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: No document with id "nothing.txt"\.$/m);
    const usage = await runScript('docs.ts', ['delete'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: npm run docs -- list/);
  });
});
