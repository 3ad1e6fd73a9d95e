/**
 * The server under hostile input: security headers and the CSP nonce, JSON
 * errors for unknown routes and methods, rate limits, paths that try to leave
 * the corpus, and a property-based fuzz of every route (never a 5xx, always a
 * JSON {error}).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { buildIndex } from '@/lib/pipeline/build-index';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { corpusCopy, tempDir, testConfig } from '../helpers';

let server: RunningServer;
let limited: RunningServer;

before(async () => {
  const corpus = await corpusCopy();
  const indexDir = await tempDir();
  await buildIndex(testConfig({ CORPUS_DIR: corpus, INDEX_DIR: indexDir }));
  [server, limited] = await Promise.all([
    startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir, UPLOAD_MAX_FILE_MB: '0.05' }),
    startServer({
      CORPUS_DIR: corpus,
      INDEX_DIR: indexDir,
      ALLOW_UPLOADS: 'false',
      RATE_LIMIT_PER_MINUTE: '60',
      RATE_LIMIT_BURST: '3',
      RATE_LIMIT_GLOBAL_PER_MINUTE: '60',
    }),
  ]);
});

after(() => Promise.all([server?.stop(), limited?.stop()]));

describe('security headers', () => {
  it('every page gets a CSP with a fresh nonce that its scripts carry', async () => {
    const [a, b] = await Promise.all([fetch(server.url), fetch(server.url)]);
    const csp = a.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"])
      assert.ok(csp.includes(directive), directive);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.notEqual(nonce, /'nonce-([^']+)'/.exec(b.headers.get('content-security-policy') ?? '')?.[1], 'a new nonce per request');
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
    await b.body?.cancel();
    assert.equal(a.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(a.headers.get('referrer-policy'), 'no-referrer');
  });

  it('API routes carry the headers too, and unknown routes and methods answer JSON', async () => {
    const wrongMethod = await fetch(`${server.url}/api/answer`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    assert.equal(wrongMethod.headers.get('x-content-type-options'), 'nosniff');
    assert.match((await wrongMethod.json()).error, /GET is not allowed here; use POST/);
    const unknown = await fetch(`${server.url}/api/nothing-here`, { method: 'POST' });
    assert.equal(unknown.status, 404);
    assert.match((await unknown.json()).error, /No API route/);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a client has used its burst', async () => {
    const ask = () =>
      fetch(`${limited.url}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'Why did Germany refuse weapons?' }),
      });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // The server's start-up warm-up already took tokens from this client's bucket.
    for (let i = 0; i < 8; i++) {
      const response = await ask();
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        assert.match((await response.json()).error, /Too many requests/);
      } else await response.arrayBuffer();
    }
    assert.equal(statuses[0], 200, statuses.join(','));
    assert.ok(statuses.includes(429), statuses.join(','));
    assert.ok(statuses.indexOf(429) > statuses.indexOf(200), 'allowed first, limited after');
    assert.match(retryAfter ?? '', /^\d+$/);
  });

  it('bounds the total even when clients forge X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${limited.url}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` },
        body: JSON.stringify({ question: 'Why did Germany refuse weapons?' }),
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    assert.ok(statuses.includes(429), statuses.join(','));
  });
});

describe('paths that try to leave the corpus', () => {
  for (const id of [
    '..%2F..%2Fetc%2Fpasswd',
    '%2Fetc%2Fpasswd',
    '%2e%2e%2fpackage.json',
    'corpus%2F..%2F..%2Fpackage.json',
    '001_a7bb7fa174f8eb78.txt%00.md',
    '..%5C..%5Cpackage.json',
  ]) {
    it(`GET /api/documents/${id} is a JSON 404`, async () => {
      const response = await fetch(`${server.url}/api/documents/${id}`);
      assert.equal(response.status, 404);
      assert.match((await response.json()).error, /No document with id/);
    });
  }
});

describe('fuzz', () => {
  const routes = [
    { path: '/api/answer', methods: ['POST', 'GET', 'PUT', 'DELETE', 'PATCH'] },
    { path: '/api/chat', methods: ['POST', 'GET', 'PUT'] },
    { path: '/api/documents', methods: ['POST', 'GET', 'DELETE'] },
    { path: '/api/documents/001_a7bb7fa174f8eb78.txt', methods: ['GET', 'POST'] },
  ];
  const jsonish = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({ question: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.string({ maxLength: 3000 })) })
      .map((v) => JSON.stringify(v)),
    fc
      .record({
        messages: fc.array(
          fc.record({
            role: fc.oneof(fc.constantFrom('user', 'assistant', 'system'), fc.string()),
            content: fc.oneof(fc.string(), fc.integer()),
          }),
          { maxLength: 60 },
        ),
      })
      .map((v) => JSON.stringify(v)),
    fc
      .record({
        messages: fc.array(
          fc.record({
            role: fc.constantFrom('user', 'assistant'),
            parts: fc.array(fc.record({ type: fc.constantFrom('text', 'file', 'x'), text: fc.string() }), { maxLength: 3 }),
          }),
          { maxLength: 5 },
        ),
      })
      .map((v) => JSON.stringify(v)),
    fc.string(),
    fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b).toString('latin1')),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'text/plain',
    'multipart/form-data; boundary=xyz',
    'multipart/form-data',
    'application/x-www-form-urlencoded',
    '',
  );

  it('never answers 5xx and always explains errors in JSON', async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.nat(), jsonish, contentType, async (route, m, body, type) => {
        const method = route.methods[m % route.methods.length] ?? 'POST';
        requests++;
        const response = await fetch(`${server.url}${route.path}`, {
          method,
          headers: type ? { 'content-type': type } : {},
          ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
        });
        const text = await response.text();
        assert.ok(response.status < 500, `${method} ${route.path} → ${response.status}: ${text.slice(0, 200)}`);
        if (response.status >= 400) {
          const json = JSON.parse(text) as { error?: unknown };
          assert.equal(typeof json.error, 'string', text.slice(0, 200));
        }
      }),
      { numRuns: 2000, seed: 20261127 },
    );
    assert.equal(requests, 2000);
  });
});
