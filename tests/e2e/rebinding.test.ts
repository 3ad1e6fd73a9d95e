/**
 * DNS rebinding in a real browser: a page on http://evil.example:PORT whose
 * name resolves to this machine (Chromium's --host-resolver-rules plays the
 * attacker's resolver) sends same-origin requests to the server. They carry
 * `Host: evil.example:PORT`, which the server was not started for: each one
 * is a JSON 421, and nothing is listed, uploaded or deleted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { indexedCopy } from '../helpers';
import { launchBrowser } from './browser';

const ARTICLE = '001_a7bb7fa174f8eb78.txt';
let server: RunningServer;
let browser: Browser;

before(async () => {
  const { corpus, indexDir } = await indexedCopy();
  [server, browser] = await Promise.all([
    startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir }),
    launchBrowser(['--host-resolver-rules=MAP evil.example 127.0.0.1']),
  ]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('DNS rebinding', () => {
  it('gets a 421 for every request of a page on another name that resolves here, and changes nothing', async () => {
    const { port } = new URL(server.url);
    const origin = `http://evil.example:${port}`;
    const page = await browser.newPage();
    // The name resolves to this machine, as it does once the attacker's DNS has rebound it: the page itself is refused.
    const landing = await page.goto(`${origin}/`);
    assert.equal(landing?.status(), 421);
    // Whatever script runs in that origin (the attacker's, from before the rebinding) reaches nothing.
    const statuses = await page.evaluate(async (article) => {
      const form = new FormData();
      form.append('files', new Blob(['Planted by a web page.']), 'planted.txt');
      const calls = [
        fetch('/api/documents'),
        fetch('/api/documents', { method: 'POST', body: form, headers: { 'x-corpus-chat': '1' } }),
        fetch(`/api/documents/${article}`, { method: 'DELETE', headers: { 'x-corpus-chat': '1' } }),
        fetch('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hi"}' }),
        fetch('/'),
      ];
      return Promise.all(calls.map((call) => call.then(async (r) => [r.status, (await r.text()).slice(0, 200)] as const)));
    }, ARTICLE);
    for (const [status, body] of statuses) {
      assert.equal(status, 421, body);
      assert.match(JSON.parse(body).error, /does not answer for the host "evil\.example:\d+"/);
    }
    const listed = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string }[] };
    assert.ok(
      listed.documents.some((d) => d.id === ARTICLE),
      'the article is still there',
    );
    assert.ok(!listed.documents.some((d) => d.id === 'planted.txt'), 'nothing was planted');
    const direct = await page.goto(`${server.url}/`);
    assert.equal(direct?.status(), 200, 'the page by its own address still opens');
  });
});
