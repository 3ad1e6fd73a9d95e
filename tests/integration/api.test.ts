/** The HTTP API of the production server, with a real index built from corpus/. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildIndex } from '@/lib/pipeline/build-index';
import { CORPUS, tempDir, testConfig } from '../helpers';
import { startServer, type RunningServer } from '../../scripts/lib/server';

let server: RunningServer;
let emptyServer: RunningServer;

before(async () => {
  const indexDir = await tempDir();
  await buildIndex(testConfig({ INDEX_DIR: indexDir }));
  [server, emptyServer] = await Promise.all([
    startServer({ INDEX_DIR: indexDir, CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false' }),
    startServer({ INDEX_DIR: await tempDir(), CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false' }),
  ]);
});

after(async () => {
  await Promise.all([server?.stop(), emptyServer?.stop()]);
});

const post = (base: RunningServer, path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base.url}${path}`, { method: 'POST', body, headers });

describe('POST /api/answer', () => {
  it('answers with citations that locate the cited sentence', async () => {
    const response = await post(server, '/api/answer', JSON.stringify({ question: 'Why did Germany refuse weapons?' }));
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.refused, false);
    assert.match(body.answer, /Lambrecht.*\[1\]/);
    assert.equal(body.citations[0].doc, '001_a7bb7fa174f8eb78.txt');
    const doc = await (await fetch(`${server.url}/api/documents/${body.citations[0].doc}`)).json();
    assert.equal(doc.text.slice(body.citations[0].start, body.citations[0].end), body.citations[0].text);
  });

  it('answers a follow-up from the conversation', async () => {
    const response = await post(
      server,
      '/api/answer',
      JSON.stringify({
        messages: [
          { role: 'user', content: 'What did Liz Truss warn about?' },
          { role: 'assistant', content: 'She warned that a Russian invasion would only lead to a terrible quagmire and loss of life.' },
          { role: 'user', content: 'Which earlier wars did she compare it to?' },
        ],
      }),
    );
    const body = await response.json();
    assert.match(body.answer, /Afghanistan/);
  });

  it('refuses what the corpus does not cover and still returns related passages', async () => {
    const body = await (await post(server, '/api/answer', JSON.stringify({ question: 'What is the population of Canada?' }))).json();
    assert.equal(body.refused, true);
    assert.deepEqual(body.citations, []);
    assert.ok(body.passages.length > 0);
  });

  const bad: [string, string, number, RegExp][] = [
    ['malformed JSON', '{"question": ', 400, /not valid JSON/],
    ['an empty body', '', 400, /empty/],
    ['a missing question', '{}', 400, /expected \{"question"/],
    ['an empty question', '{"question": "  "}', 400, /must not be empty/],
    ['a non-string question', '{"question": 7}', 400, /must be a string/],
    ['a question over 2,000 characters', JSON.stringify({ question: 'x'.repeat(2001) }), 400, /at most 2000 characters/],
    [
      'more than 50 messages',
      JSON.stringify({ messages: Array.from({ length: 51 }, () => ({ role: 'user', content: 'q' })) }),
      400,
      /at most 50 messages/,
    ],
    ['an unknown role', JSON.stringify({ messages: [{ role: 'wizard', content: 'q' }] }), 400, /role must be/],
    ['a body over 64 KB', JSON.stringify({ question: 'q', padding: 'x'.repeat(70_000) }), 413, /larger than 64 KiB/],
  ];
  for (const [name, body, status, message] of bad) {
    it(`rejects ${name} with ${status} and a JSON error`, async () => {
      const response = await post(server, '/api/answer', body);
      assert.equal(response.status, status);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      const json = await response.json();
      assert.deepEqual(Object.keys(json), ['error']);
      assert.match(json.error, message);
      assert.doesNotMatch(json.error, /\n\s+at /);
    });
  }

  it('answers 503 with the instruction to run npm run index when there is no index', async () => {
    const response = await post(emptyServer, '/api/answer', JSON.stringify({ question: 'Why did Germany refuse weapons?' }));
    assert.equal(response.status, 503);
    const body = (await response.json()) as { error: string; hint?: string };
    assert.match(body.error, /No index found.*npm run index/);
    assert.equal(body.hint, 'Run `npm run index` to build it.', 'what to do, on its own');
  });
});

describe('GET /api/documents/{id}', () => {
  it('returns the cleaned document', async () => {
    const response = await fetch(`${server.url}/api/documents/003_34d693b449392de2.txt`);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.id, '003_34d693b449392de2.txt');
    assert.match(body.title, /Moscow hopes for “contact”/);
    assert.doesNotMatch(body.text, /Leave a Comment/);
  });

  it('answers 404 for an unknown document and for paths outside the corpus', async () => {
    for (const id of ['nope.txt', '..%2Fpackage.json', '..%2F..%2Fetc%2Fpasswd', 'corpus%2F..%2Fpackage.json']) {
      const response = await fetch(`${server.url}/api/documents/${id}`);
      assert.equal(response.status, 404, id);
      assert.match((await response.json()).error, /No document with id/);
    }
    // Dot segments are resolved by the URL itself and never reach the route.
    assert.equal((await fetch(`${server.url}/api/documents/%2e%2e/%2e%2e/package.json`)).status, 404);
  });

  it('answers 503 when there is no index', async () => {
    assert.equal((await fetch(`${emptyServer.url}/api/documents/003_34d693b449392de2.txt`)).status, 503);
  });
});

describe('POST /api/documents', () => {
  it('answers 403 when uploads are switched off', async () => {
    const form = new FormData();
    form.append('files', new Blob(['text']), 'a.txt');
    const response = await fetch(`${server.url}/api/documents`, { method: 'POST', body: form });
    assert.equal(response.status, 403);
    assert.match((await response.json()).error, /ALLOW_UPLOADS=false/);
  });
});

describe('POST /api/chat', () => {
  const chatBody = (text: string) =>
    JSON.stringify({ id: 'c1', trigger: 'submit-message', messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text }] }] });

  it('streams the answer as UI message chunks with sources and answer data', async () => {
    const response = await post(server, '/api/chat', chatBody('Why did Germany refuse weapons?'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = (await response.text())
      .split('\n\n')
      .map((block) => block.replace(/^data: /, '').trim())
      .filter((data) => data && data !== '[DONE]')
      .map((data) => JSON.parse(data));
    const types = events.map((e) => e.type);
    assert.deepEqual(types.slice(0, 2), ['start', 'text-start']);
    assert.ok(types.includes('text-delta'));
    assert.equal(types[types.length - 1], 'finish');
    const text = events
      .filter((e) => e.type === 'text-delta')
      .map((e) => e.delta)
      .join('');
    assert.match(text, /Lambrecht/);
    const source = events.find((e) => e.type === 'source-document');
    assert.equal(source.filename, '001_a7bb7fa174f8eb78.txt');
    const data = events.find((e) => e.type === 'data-answer').data;
    assert.equal(data.refused, false);
    assert.ok(data.support > 0 && data.support <= 1, `the answer model's support travels with the answer: ${data.support}`);
    assert.equal(data.citations[0].doc, '001_a7bb7fa174f8eb78.txt');
  });

  it('rejects bad chat bodies with 400 and no index with 503', async () => {
    const empty = await post(server, '/api/chat', JSON.stringify({ messages: [] }));
    assert.equal(empty.status, 400);
    assert.match((await empty.json()).error, /messages must not be empty/);
    const assistantLast = await post(
      server,
      '/api/chat',
      JSON.stringify({ messages: [{ role: 'assistant', parts: [{ type: 'text', text: 'hi' }] }] }),
    );
    assert.equal(assistantLast.status, 400);
    const missing = await post(emptyServer, '/api/chat', chatBody('Why?'));
    assert.equal(missing.status, 503);
  });
});
