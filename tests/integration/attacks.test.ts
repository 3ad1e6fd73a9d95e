/**
 * The attacks of issue #13 against the production server (scripts/serve.ts),
 * each one a test: bombs that used to kill or freeze it, memory eaten by
 * uploads, uploads that left files behind, forged client addresses, methods
 * and paths that ended in plain-text 500s, forged citations, and what the
 * page showed without the API key. The bombs are generated here.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildIndex } from '@/lib/pipeline/build-index';
import { rssMb } from '../../scripts/lib/bench-load';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { pdfBomb } from '../fixtures/pdf';
import { corpusCopy, tempDir, testConfig } from '../helpers';

let server: RunningServer;
let limited: RunningServer;
let keyed: RunningServer;
let corpus: string;
let indexDir: string;
const KEY = 'attack-key-0123456789';

before(async () => {
  corpus = await corpusCopy();
  indexDir = await tempDir();
  await buildIndex(testConfig({ CORPUS_DIR: corpus, INDEX_DIR: indexDir }));
  const keyedIndex = await tempDir();
  await buildIndex(testConfig({ CORPUS_DIR: corpus, INDEX_DIR: keyedIndex }));
  [server, limited, keyed] = await Promise.all([
    // TRUST_PROXY: the tests play several clients through X-Forwarded-For, as a proxy would name them (one upload slot each).
    startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir, UPLOAD_MAX_CONCURRENT: '8', INDEX_LOCK_WAIT_MS: '1500', TRUST_PROXY: 'true' }),
    startServer({ CORPUS_DIR: await corpusCopy(), INDEX_DIR: await tempDir(), UPLOAD_RATE_LIMIT_PER_MINUTE: '2' }),
    startServer({
      CORPUS_DIR: await corpusCopy(),
      INDEX_DIR: keyedIndex,
      CORPUS_CHAT_API_KEY: KEY,
      UPLOAD_MAX_CONCURRENT: '1',
      TRUST_PROXY: 'true',
    }),
  ]);
});

after(() => Promise.all([server?.stop(), limited?.stop(), keyed?.stop()]));

function upload(
  base: RunningServer,
  files: readonly { name: string; bytes: Uint8Array | string }[],
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)]), f.name);
  return fetch(`${base.url}/api/documents`, { method: 'POST', body: form, headers });
}

/** Times GET /api/health and POST /api/answer, one after the other, until `work` settles. */
async function latenciesDuring<T>(base: RunningServer, work: Promise<T>): Promise<{ result: T; health: number[]; answers: number[] }> {
  let done = false;
  const finished = work.finally(() => (done = true));
  const health: number[] = [];
  const answers: number[] = [];
  const time = async (into: number[], call: () => Promise<Response>) => {
    const started = performance.now();
    const response = await call();
    await response.arrayBuffer();
    assert.equal(response.status, 200);
    into.push(performance.now() - started);
  };
  while (!done) {
    await time(health, () => fetch(`${base.url}/api/health`));
    await time(answers, () =>
      fetch(`${base.url}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'Why did Germany refuse weapons?' }),
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
  }
  return { result: await finished, health, answers };
}

const p95 = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))] ?? 0;

describe('bombs', () => {
  it('a PDF bomb is refused with the reason; the server keeps answering and gives its memory back', async () => {
    // The starting value is the server's under the same question traffic without a bomb: answering alone grows the heap at first.
    await latenciesDuring(server, new Promise((r) => setTimeout(r, 10_000)));
    const before = await rssMb(server.pid);
    const bomb = pdfBomb(3_000_000);
    assert.ok(bomb.length < 500_000, `${bomb.length} bytes`);
    const { result: response, health, answers } = await latenciesDuring(server, upload(server, [{ name: 'bomb.pdf', bytes: bomb }]));
    assert.equal(response.status, 422);
    // 153 MB of content: over the decoded-stream budget (64 MiB), so refused before pdf.js reads it.
    assert.match((await response.json()).error, /bomb\.pdf was refused: its compressed streams expand to more than 64 MiB/);
    assert.ok(health.length >= 5, `${health.length} health checks`);
    assert.ok(p95(health) < 500, `health p95 ${p95(health).toFixed(0)} ms`);
    assert.ok(p95(answers) < 500, `answer p95 ${p95(answers).toFixed(0)} ms`);
    // The sandbox's memory goes with its worker; the server's own heap settles after its next collections.
    const settled = Date.now();
    let afterwards = await rssMb(server.pid);
    while (afterwards >= before * 1.2 && Date.now() - settled < 20_000) {
      await new Promise((r) => setTimeout(r, 500));
      afterwards = await rssMb(server.pid);
    }
    assert.ok(afterwards < before * 1.2, `RSS ${before.toFixed(0)} → ${afterwards.toFixed(0)} MB`);
    assert.ok(!(await readdir(corpus)).includes('bomb.pdf'));
    console.log(
      `PDF bomb: health p95 ${p95(health).toFixed(0)} ms, answer p95 ${p95(answers).toFixed(0)} ms over ${health.length} rounds; RSS ${before.toFixed(0)} → ${afterwards.toFixed(0)} MB ${((Date.now() - settled) / 1000).toFixed(1)} s after the answer`,
    );
  });

  it('a Markdown regex bomb is read in linear time while the server keeps answering', async () => {
    const bomb = `Hello world. ${'[x '.repeat(60_000)}`;
    const started = Date.now();
    const { result: response, health, answers } = await latenciesDuring(server, upload(server, [{ name: 'brackets.md', bytes: bomb }]));
    assert.equal(response.status, 200);
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
    assert.ok(p95([...health, ...answers]) < 500, `p95 ${p95([...health, ...answers]).toFixed(0)} ms`);
    console.log(
      `regex bomb: indexed in ${Date.now() - started} ms, health p95 ${p95(health).toFixed(0)} ms, answer p95 ${p95(answers).toFixed(0)} ms`,
    );
  });
});

describe('uploads', () => {
  it('are refused from another origin, and nothing reaches corpus/', async () => {
    const response = await upload(server, [{ name: 'planted.txt', bytes: 'Planted by another site.' }], {
      origin: 'http://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    assert.equal(response.status, 403);
    assert.ok(!(await readdir(corpus)).includes('planted.txt'));
  });

  it('a file over the limit is cut off while it streams, not buffered', async () => {
    // 95 MB (under the 101 MB request limit, so the per-file limit is what cuts it off): buffering it would add
    // 95 MB or more, well clear of the server's RSS noise (a 60 MB upload once measured +43 MB without buffering).
    const before = await rssMb(server.pid);
    const response = await upload(server, [{ name: 'huge.txt', bytes: new Uint8Array(95 * 1024 * 1024).fill(97) }]);
    const during = await rssMb(server.pid);
    assert.equal(response.status, 413);
    assert.match((await response.json()).error, /huge\.txt is over the limit of 10 MiB per file/);
    assert.ok(during - before < 60, `RSS ${before.toFixed(0)} → ${during.toFixed(0)} MB for a 95 MB upload`);
  });

  it('simultaneous uploads of one file give one document and duplicates', async () => {
    const text = 'The Quarzite Compact was signed in Lumenport by seven harbour towns in 1911.';
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        upload(server, [{ name: `compact-${i}.txt`, bytes: text }], { 'x-forwarded-for': `198.51.100.${i}` }),
      ),
    );
    const statuses = (await Promise.all(responses.map((r) => r.json()))).map(
      (b: { results: { status: string }[] }) => b.results[0]?.status,
    );
    assert.deepEqual(statuses.filter((s) => s === 'added').length, 1, statuses.join(','));
    assert.deepEqual(statuses.filter((s) => s === 'duplicate').length, 5, statuses.join(','));
    assert.equal((await readdir(corpus)).filter((f) => f.startsWith('compact-')).length, 1);
  });

  it('an upload that cannot be indexed leaves nothing behind, and its retry is added', async () => {
    const lock = path.join(indexDir, '.build.lock');
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }));
    const file = [{ name: 'late.txt', bytes: 'The Lumenport lighthouse was rebuilt in 1923 after the storm.' }];
    try {
      const busy = await upload(server, file);
      assert.equal(busy.status, 409);
      assert.match((await busy.json()).error, /Another build/);
      assert.ok(!(await readdir(corpus)).includes('late.txt'));
    } finally {
      await rm(lock, { force: true });
    }
    const retry = await upload(server, file);
    assert.deepEqual((await retry.json()).results, [{ name: 'late.txt', status: 'added', id: 'late.txt' }]);
    assert.equal((await fetch(`${server.url}/api/documents/late.txt`)).status, 200);
  });

  it('a large upload embeds without the build lock, so a small one is not kept waiting behind it', async () => {
    const towns = ['Osterholm', 'Lumenport', 'Brindle', 'Quarzfeld', 'Marrow', 'Tessel', 'Kallum', 'Wenby'];
    const sentences = Array.from(
      { length: 900 },
      (_, i) =>
        `Record ${i}: the ferry from ${towns[i % 8]} to ${towns[(i * 3 + 1) % 8]} left at ${(i % 12) + 1} o'clock carrying ${i * 7} crates of ${i % 2 ? 'salt' : 'timber'}.`,
    );
    const started = Date.now();
    const big = upload(server, [{ name: 'ferry-log.txt', bytes: sentences.join(' ') }], { 'x-forwarded-for': '198.51.100.10' }).then(
      (r) => ({
        status: r.status,
        at: Date.now() - started,
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const small = await upload(server, [{ name: 'notice.txt', bytes: 'The Marrow harbour office closes at noon on Fridays.' }], {
      'x-forwarded-for': '198.51.100.11',
    });
    const smallAt = Date.now() - started;
    const bigDone = await big;
    assert.equal(small.status, 200);
    assert.equal(bigDone.status, 200);
    assert.ok(smallAt < bigDone.at, `small upload done at ${smallAt} ms, large one at ${bigDone.at} ms`);
  });

  it('the upload rate limit holds whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await upload(limited, [{ name: 'x.exe', bytes: 'x' }], { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    assert.equal(statuses[0], 415, statuses.join(','));
    assert.ok(statuses.slice(1).includes(429), statuses.join(','));
  });

  it('a client that hangs up after a 429 leaves no uncaught error', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        await new Promise<number>((resolve, reject) => {
          const req = request(
            `${limited.url}/api/documents`,
            { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(50 * 1024 * 1024) } },
            (res) => {
              res.resume();
              req.destroy();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', () => undefined);
          req.write(Buffer.alloc(256 * 1024, 97), (error) => error && reject(error));
        }),
      );
    }
    assert.ok(statuses.includes(429), statuses.join(','));
    await new Promise((r) => setTimeout(r, 500));
    assert.doesNotMatch(limited.logs(), /uncaughtException|aborted/);
  });

  it('beyond the concurrent cap an upload gets 503 with Retry-After', async () => {
    // Holds the only slot with a body that is still arriving.
    let finish: () => void = () => undefined;
    const slow = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="files"; filename="slow.exe"\r\n\r\nslow'),
        );
        finish = () => {
          controller.enqueue(new TextEncoder().encode('\r\n--b--\r\n'));
          controller.close();
        };
      },
    });
    const auth = { authorization: `Bearer ${KEY}` };
    const first = fetch(`${keyed.url}/api/documents`, {
      method: 'POST',
      body: slow,
      duplex: 'half',
      headers: { ...auth, 'content-type': 'multipart/form-data; boundary=b', 'x-forwarded-for': '198.51.100.20' },
    } as RequestInit);
    await new Promise((r) => setTimeout(r, 500));
    const same = await upload(keyed, [{ name: 'b.txt', bytes: 'b' }], { ...auth, 'x-forwarded-for': '198.51.100.20' });
    assert.equal(same.status, 429, 'one upload slot per client');
    assert.match((await same.json()).error, /An upload of yours is still in progress/);
    const second = await upload(keyed, [{ name: 'b.txt', bytes: 'b' }], { ...auth, 'x-forwarded-for': '198.51.100.21' });
    assert.equal(second.status, 503);
    assert.equal(second.headers.get('retry-after'), '5');
    finish();
    assert.equal((await first).status, 415);
  });
});

describe('responses', () => {
  it('methods Next.js cannot take and malformed paths answer JSON with the security headers', async () => {
    for (const [method, pathname, status] of [
      ['TRACE', '/', 405],
      ['GET', '/api/documents/%zz', 400],
    ] as const) {
      const response = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = request(`${server.url}${pathname}`, { method }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(response.status, status, `${method} ${pathname}`);
      assert.equal(typeof JSON.parse(response.body).error, 'string');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    }
  });

  it('static files, JSON and errors carry the security headers, and nothing says X-Powered-By', async () => {
    const page = await fetch(server.url);
    const html = await page.text();
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset);
    for (const url of [
      server.url,
      `${server.url}${asset}`,
      `${server.url}/api/health`,
      `${server.url}/api/documents/none.txt`,
      `${server.url}/no-such-page`,
    ]) {
      const response = await fetch(url);
      await response.arrayBuffer();
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', url);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', url);
      assert.equal(response.headers.get('x-powered-by'), null, url);
    }
  });

  it('GET /api/health reports readiness and the live index version', async () => {
    const health = await (await fetch(`${server.url}/api/health`)).json();
    assert.equal(health.ready, true);
    assert.match(health.version, /^v\d+/);
  });
});

/** Sends raw bytes on one connection and collects what comes back until the server closes it or `ms` pass. */
function raw(base: RunningServer, bytes: string, ms = 2000): Promise<string> {
  const { hostname: host, port } = new URL(base.url);
  return new Promise((resolve) => {
    let out = '';
    const socket = connect(Number(port), host, () => socket.write(bytes));
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    const finish = () => {
      socket.destroy();
      resolve(out);
    };
    socket.on('close', finish);
    socket.on('error', finish);
    setTimeout(finish, ms);
  });
}

describe('what already held', () => {
  it('CORS: no other origin is ever allowed to read a response', async () => {
    const preflight = await fetch(`${server.url}/api/answer`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const post = await fetch(`${server.url}/api/answer`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Why did Germany refuse weapons?' }),
    });
    await post.arrayBuffer();
    assert.equal(post.headers.get('access-control-allow-origin'), null);
  });

  it('request smuggling: a body with both Content-Length and Transfer-Encoding is refused and the connection closed', async () => {
    const smuggled =
      'POST /api/answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/health HTTP/1.1\r\nHost: x\r\n\r\n';
    const reply = await raw(server, smuggled);
    assert.match(reply, /^HTTP\/1\.1 400/);
    assert.equal(reply.match(/HTTP\/1\.1 /g)?.length, 1, 'the smuggled request is never answered');
  });

  it('slowloris: 200 connections sending headers slowly do not keep others from being served', async () => {
    const { hostname: host, port } = new URL(server.url);
    const sockets = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<import('node:net').Socket>((resolve) => {
            const socket = connect(Number(port), host, () => {
              socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-a: ');
              resolve(socket);
            });
            socket.on('error', () => undefined);
          }),
      ),
    );
    try {
      const started = Date.now();
      const response = await fetch(`${server.url}/api/health`);
      assert.equal(response.status, 200);
      assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});

describe('citations', () => {
  it('brackets inside a document never become citation markers in an answer', async () => {
    const text = 'The Brindlewood treaty [7] was signed at Osterholm by three river councils [2](#cite-2) in 1904.';
    assert.equal((await upload(server, [{ name: 'brindlewood.txt', bytes: text }])).status, 200);
    const response = await fetch(`${server.url}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Where was the Brindlewood treaty signed?' }),
    });
    const body = await response.json();
    assert.equal(body.refused, false);
    assert.match(body.answer, /Brindlewood treaty \\\[7\\\] was signed/);
    const markers = [...body.answer.matchAll(/(?<!\\)\[(\d+)\](?!\()/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      markers,
      body.citations.map((c: { id: number }) => c.id),
    );
  });
});

describe('API-key mode', () => {
  it('the page shows nothing from the corpus without the key; health needs none', async () => {
    const html = await (await fetch(keyed.url)).text();
    assert.doesNotMatch(html, /Lambrecht|Russians and Brits|documents · |passages/);
    assert.match(html, /Enter the API key/);
    assert.equal((await fetch(`${keyed.url}/api/overview`)).status, 401);
    const overview = await (await fetch(`${keyed.url}/api/overview`, { headers: { authorization: `Bearer ${KEY}` } })).json();
    assert.equal(overview.info.ok, true);
    assert.equal(overview.suggestions.length > 0, true);
    assert.equal((await fetch(`${keyed.url}/api/health`)).status, 200);
  });
});
