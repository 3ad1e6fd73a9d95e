/**
 * The attacks of issue #26 against the production server (scripts/serve.ts),
 * each one a test: a forged Host (DNS rebinding), a bind beyond this machine
 * without a key, memory outside the V8 heap, slow files that slowed every
 * later build, upload slots held by trickling bodies, titles that forged
 * citation chips, citations read against a newer version, a damaged
 * manifest, look-alike names, staging left by kill -9, dangling links, and
 * request targets Next.js answered with 500 or a redirect. Rebinding in a
 * browser is in tests/e2e/rebinding.test.ts.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { userPrompt } from '@/lib/answer/llm/prompt';
import type { AnswerResponse } from '@/lib/answer/types';
import { buildIndex } from '@/lib/pipeline/build-index';
import { AnswerMarkdown } from '../../components/markdown';
import { freePort, startServer, type RunningServer } from '../../scripts/lib/server';
import { makePdf, manyPagePdf, nestedFlateBomb } from '../fixtures/pdf';
import { corpusCopy, indexedCopy, runScript, tempDir, testConfig } from '../helpers';

const ARTICLE = '001_a7bb7fa174f8eb78.txt';
const json = { 'content-type': 'application/json' };

function upload(base: string, files: readonly { name: string; bytes: Uint8Array | string }[]): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)]), f.name);
  return fetch(`${base}/api/documents`, { method: 'POST', body: form });
}

async function ask(base: string, question: string): Promise<AnswerResponse> {
  const response = await fetch(`${base}/api/answer`, { method: 'POST', headers: json, body: JSON.stringify({ question }) });
  assert.equal(response.status, 200, question);
  return (await response.json()) as AnswerResponse;
}

/** A raw HTTP/1.1 request, as curl or a script sends it: the status line and the head and body of the reply. */
function raw(url: string, lines: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`${lines}\r\nConnection: close\r\n\r\n`));
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

/** The same request with another Host header (fetch will not send one). */
function withHost(url: string, host: string, method = 'GET', pathname = '/'): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the front of the server', () => {
  let server: RunningServer;
  let corpus: string;
  before(async () => {
    const copy = await indexedCopy();
    corpus = copy.corpus;
    server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: copy.indexDir });
  });
  after(() => server?.stop());

  it('refuses a forged Host (DNS rebinding) with a JSON 421 before any route runs, and changes nothing', async () => {
    const { port } = new URL(server.url);
    for (const [method, pathname] of [
      ['GET', '/'],
      ['GET', '/api/documents'],
      ['DELETE', `/api/documents/${ARTICLE}`],
      ['POST', '/api/answer'],
    ] as const) {
      const { status, body } = await withHost(server.url, `evil.example:${port}`, method, pathname);
      assert.equal(status, 421, `${method} ${pathname}`);
      assert.match(JSON.parse(body).error, /does not answer for the host "evil\.example:\d+".*ALLOWED_HOSTS/);
    }
    const listed = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string }[] };
    assert.ok(
      listed.documents.some((d) => d.id === ARTICLE),
      'the article is still there',
    );
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) assert.equal((await withHost(server.url, host)).status, 200, host);
  });

  it('answers `*`, absolute-form targets and foreign image URLs with a JSON 400, never a 500 or a redirect', async () => {
    for (const line of [
      'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1',
      'GET * HTTP/1.1\r\nHost: 127.0.0.1',
      'GET http://evil.example/api/health HTTP/1.1\r\nHost: 127.0.0.1',
      'GET /_next/image?url=/\\127.0.0.1:9/x.png&w=64&q=75 HTTP/1.1\r\nHost: 127.0.0.1',
      'GET /_next/image?url=https://evil.example/x.png&w=64&q=75 HTTP/1.1\r\nHost: 127.0.0.1',
    ]) {
      const reply = await raw(server.url, line);
      assert.match(reply, /^HTTP\/1\.1 400 /, line);
      assert.match(reply, /content-type: application\/json/i, line);
      assert.doesNotMatch(reply, /^location:/im, line);
    }
  });

  it('gives PUT and DELETE on pages a JSON 405', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${server.url}/`, { method });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'GET, HEAD');
      assert.match((await response.json()).error, /not allowed on pages/);
    }
  });

  it('refuses a name that looks like a document already in the corpus (Cyrillic а for Latin a)', async () => {
    const response = await upload(server.url, [{ name: '001_\u04307bb7fa174f8eb78.txt', bytes: 'A look-alike of the first article.' }]);
    assert.equal(response.status, 422);
    assert.match((await response.json()).error, /looks the same as 001_a7bb7fa174f8eb78\.txt, already in the corpus/);
    assert.deepEqual(
      (await readdir(corpus)).filter((f) => f.includes('\u0430')),
      [],
    );
    const fullWidth = await upload(server.url, [
      { name: 'ｎｏｔｅｓ.txt', bytes: 'Full-width letters are letters: the note is filed as notes.' },
    ]);
    assert.equal(fullWidth.status, 200);
    assert.deepEqual(
      ((await fullWidth.json()) as { results: { id: string }[] }).results.map((r) => r.id),
      ['notes.txt'],
    );
  });

  it('skips a dangling link in the corpus and places an upload of the same name beside it', async () => {
    await symlink('/nonexistent/ghost.txt', path.join(corpus, 'ghost.txt'));
    const response = await upload(server.url, [{ name: 'ghost.txt', bytes: 'The ghost report was filed on Tuesday in Tallinn.' }]);
    assert.equal(response.status, 200);
    const { results } = (await response.json()) as { results: { id: string; status: string }[] };
    assert.deepEqual(
      results.map((r) => [r.status, r.id]),
      [['renamed', 'ghost (2).txt']],
    );
    const listed = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string }[] };
    assert.ok(!listed.documents.some((d) => d.id === 'ghost.txt'), 'the link is not indexed');
    assert.equal(await readFile(path.join(corpus, 'ghost (2).txt'), 'utf8'), 'The ghost report was filed on Tuesday in Tallinn.');
    const { stderr, code } = await runScript('build-index.ts', [], { CORPUS_DIR: corpus, INDEX_DIR: await tempDir() });
    assert.equal(code, 0);
    assert.match(stderr, /skipped ghost\.txt: a symbolic link \(links are not followed/);
  });
});

describe('a server bound beyond this machine', () => {
  it('warns without a key and refuses uploads and deletions unless ALLOW_ANONYMOUS_WRITES=true', async () => {
    const { corpus, indexDir } = await indexedCopy();
    const open = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir, HOST: '0.0.0.0' });
    try {
      assert.match(open.logs(), /warning: listening on 0\.0\.0\.0 without CORPUS_CHAT_API_KEY.*uploads and deletions are refused/);
      const deleted = await fetch(`${open.url}/api/documents/${ARTICLE}`, { method: 'DELETE' });
      assert.equal(deleted.status, 403);
      assert.match(
        (await deleted.json()).error,
        /listens on 0\.0\.0\.0 without an API key.*CORPUS_CHAT_API_KEY.*ALLOW_ANONYMOUS_WRITES=true/,
      );
      assert.equal((await upload(open.url, [{ name: 'a.txt', bytes: 'Anonymous text.' }])).status, 403);
      assert.equal((await ask(open.url, 'Why did Germany refuse weapons?')).refused, false, 'questions are answered');
    } finally {
      await open.stop();
    }
    const allowed = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir, HOST: '0.0.0.0', ALLOW_ANONYMOUS_WRITES: 'true' });
    try {
      const missing = await fetch(`${allowed.url}/api/documents/none.txt`, { method: 'DELETE' });
      assert.equal(missing.status, 404, 'past the guard');
    } finally {
      await allowed.stop();
    }
  });
});

/** The peak resident memory of every process under `pid` (the extraction children), sampled from /proc until stopped. */
function watchChildrenRss(pid: number): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const descendants = async (of: number): Promise<number[]> => {
    const children = await readFile(`/proc/${of}/task/${of}/children`, 'utf8').catch(() => '');
    const pids = children.split(/\s+/).filter(Boolean).map(Number);
    return [...pids, ...(await Promise.all(pids.map(descendants))).flat()];
  };
  const loop = (async () => {
    while (running) {
      for (const child of await descendants(pid)) {
        const status = await readFile(`/proc/${child}/status`, 'utf8').catch(() => '');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? /VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kb / 1024);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

describe('reading files', () => {
  let server: RunningServer;
  let corpus: string;
  before(async () => {
    const copy = await indexedCopy();
    corpus = copy.corpus;
    server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: copy.indexDir, UPLOAD_MAX_CONCURRENT: '4' });
  });
  after(() => server?.stop());

  it('refuses Flate inside Flate by its decoded size, the child staying under twice its memory cap', async () => {
    const bomb = await nestedFlateBomb(1);
    const watch = watchChildrenRss(server.pid);
    const started = performance.now();
    const response = await upload(server.url, [{ name: 'nested.pdf', bytes: bomb }]);
    const seconds = (performance.now() - started) / 1000;
    const peakMb = await watch.stop();
    assert.equal(response.status, 422);
    assert.match(
      (await response.json()).error,
      /nested\.pdf was refused: its compressed streams expand to more than 64 MiB \(EXTRACT_MAX_DECODED_MB\)/,
    );
    const cap = testConfig({}).extraction.memoryMb;
    console.log(
      `nested Flate (${bomb.length} bytes → 1 GiB): refused in ${seconds.toFixed(2)} s, extraction child peak RSS ${peakMb.toFixed(0)} MB (cap ${cap} MB)`,
    );
    assert.ok(peakMb > 0, 'the child was seen');
    assert.ok(peakMb < 2 * cap, `peak ${peakMb.toFixed(0)} MB`);
    assert.deepEqual(
      (await readdir(corpus)).filter((f) => f.endsWith('.pdf')),
      [],
    );
  });

  it('parses a slow file once: with three in the corpus, a small upload takes at most 1.5× its time without them', async () => {
    const { corpus: plainCorpus, indexDir: plainIndex } = await indexedCopy();
    const slowCorpus = await corpusCopy();
    const slowIndex = await tempDir();
    for (const n of [1, 2, 3]) await writeFile(path.join(slowCorpus, `slow-${n}.pdf`), manyPagePdf(1500, `Slow ${n}`));
    const slowStarted = performance.now();
    await buildIndex(testConfig({ CORPUS_DIR: slowCorpus, INDEX_DIR: slowIndex }));
    console.log(`first build with three 1,500-page PDFs: ${((performance.now() - slowStarted) / 1000).toFixed(1)} s`);
    const [plain, slow] = await Promise.all([
      startServer({ CORPUS_DIR: plainCorpus, INDEX_DIR: plainIndex }),
      startServer({ CORPUS_DIR: slowCorpus, INDEX_DIR: slowIndex }),
    ]);
    try {
      // Interleaved, so that whatever else the machine does weighs on both alike.
      const times: Record<'plain' | 'slow', number[]> = { plain: [], slow: [] };
      for (let n = 1; n <= 5; n++) {
        for (const [kind, base] of [
          ['plain', plain.url],
          ['slow', slow.url],
        ] as const) {
          const started = performance.now();
          const response = await upload(base, [
            { name: `note-${n}.txt`, bytes: `Note ${n}: the quarterly meeting moved to room ${n}0${n}.` },
          ]);
          assert.equal(response.status, 200);
          times[kind].push(performance.now() - started);
        }
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[2] as number;
      const without = median(times.plain);
      const withSlow = median(times.slow);
      console.log(`small upload, median of 5: ${without.toFixed(0)} ms without the slow PDFs, ${withSlow.toFixed(0)} ms with them`);
      assert.ok(withSlow <= 1.5 * without, `${withSlow.toFixed(0)} ms against ${without.toFixed(0)} ms`);
    } finally {
      await Promise.all([plain.stop(), slow.stop()]);
    }
  });
});

describe('upload slots', () => {
  it('cannot be held by trickling bodies: an honest upload is accepted within 10 s', async () => {
    const { corpus, indexDir } = await indexedCopy();
    const server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir });
    const { port } = new URL(server.url);
    const trickles = [0, 1].map(() => {
      const socket = connect(Number(port), '127.0.0.1');
      const boundary = 'x'.repeat(20);
      socket.write(
        `POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10485760\r\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="slow.txt"\r\n\r\n`,
      );
      const timer = setInterval(() => socket.write('a'), 5000);
      let reply = '';
      socket.on('data', (d: Buffer) => (reply += d.toString()));
      socket.on('error', () => undefined);
      const stop = () => {
        clearInterval(timer);
        socket.destroy();
      };
      return { stop, reply: () => reply };
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      let accepted: Response | undefined;
      const statuses: number[] = [];
      while (performance.now() - started < 10_000) {
        const response = await upload(server.url, [{ name: 'honest.txt', bytes: 'The honest report was filed in Riga on Monday.' }]);
        statuses.push(response.status);
        if (response.status === 200) {
          accepted = response;
          break;
        }
        await response.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(`honest upload accepted after ${seconds.toFixed(1)} s (statuses ${statuses.join(', ')})`);
      assert.ok(accepted, `statuses ${statuses.join(', ')}`);
      assert.ok(
        statuses.every((s) => s === 200 || s === 429 || s === 503),
        statuses.join(', '),
      );
      assert.ok(
        trickles.some((t) => /408 Request Timeout[\s\S]*slower than/.test(t.reply())),
        'the trickle was dropped with a reason',
      );
    } finally {
      for (const t of trickles) t.stop();
      await server.stop();
    }
  });

  it('leaves no staging behind a server killed mid-upload once another starts', async () => {
    const { corpus, indexDir } = await indexedCopy();
    const env = { CORPUS_DIR: corpus, INDEX_DIR: indexDir, UPLOAD_IDLE_TIMEOUT_MS: '60000', UPLOAD_MIN_BYTES_PER_SECOND: '0' };
    const first = await startServer(env);
    const { port } = new URL(first.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: 5000000\r\n\r\n--b0undary\r\nContent-Disposition: form-data; name="files"; filename="half.txt"\r\n\r\n${'half of it '.repeat(100_000)}`,
    );
    const staging = path.join(indexDir, '.staging');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await readdir(staging).catch(() => [])).length === 0) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await readdir(staging)).length, 1, 'the upload is being staged');
    process.kill(first.pid, 'SIGKILL');
    socket.destroy();
    await first.stop();
    assert.equal((await readdir(staging)).length, 1, 'kill -9 left it');
    const second = await startServer(env);
    try {
      assert.deepEqual(await readdir(staging), [], 'swept at start');
    } finally {
      await second.stop();
    }
  });

  it('take a file of exactly the limit, which is stated in the unit it is counted in', async () => {
    const { corpus, indexDir } = await indexedCopy();
    // 0.01 MiB = 10,486 bytes: the boundary of the 10 MiB default, at a size that indexes in a moment.
    const server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir, UPLOAD_MAX_FILE_MB: '0.01' });
    try {
      const line = 'The harbour office in Gdansk logs every ship by hand. ';
      const exact = line.repeat(Math.ceil(10_486 / line.length)).slice(0, 10_486);
      assert.equal((await upload(server.url, [{ name: 'exact.txt', bytes: exact }])).status, 200);
      const over = await upload(server.url, [{ name: 'over.txt', bytes: `${exact}x` }]);
      assert.equal(over.status, 413);
      assert.match((await over.json()).error, /over\.txt is over the limit of 10 KiB per file/);
    } finally {
      await server.stop();
    }
  });
});

/** The citation chips the page would render for an answer's text: what a reader can click. */
function chipsOf(text: string, citations: AnswerResponse['citations']): number[] {
  const html = renderToStaticMarkup(createElement(AnswerMarkdown, { text, citations, onOpen: () => undefined }));
  return [...html.matchAll(/data-testid="citation"[^>]*>\s*(\d+)/g)].map((m) => Number(m[1]));
}

describe('titles quoted in replies', () => {
  const TITLES = ['[7]', 'x\n\n[z]: #cite-1\n\n[z]', '[2](#cite-2) <b>bold</b> [click](https://evil.example)'];
  let server: RunningServer;
  before(async () => {
    const corpus = await tempDir('corpus-');
    await writeFile(path.join(corpus, 'a.md'), '# [7]\n\nThe lighthouse of Vardø was painted red in 1921. Its keeper was Ola Berg.\n');
    await writeFile(
      path.join(corpus, 'b.pdf'),
      makePdf(['The ferry to Hel leaves at nine every morning.', 'Tickets are sold on the pier.'], TITLES[1] as string),
    );
    await writeFile(
      path.join(corpus, 'c.html'),
      `<html><head><title>${TITLES[2]?.replace(/</g, '&lt;')}</title></head><body><p>The salt mine of Wieliczka has a chapel carved in salt. Miners carved it over seventy years.</p></body></html>`,
    );
    const indexDir = await tempDir();
    await buildIndex(testConfig({ CORPUS_DIR: corpus, INDEX_DIR: indexDir }));
    server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir });
  });
  after(() => server?.stop());

  it('are indexed as their documents declare them', async () => {
    const listed = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { title: string }[] };
    assert.deepEqual(listed.documents.map((d) => d.title).sort(), [...TITLES].sort());
  });

  for (const question of [
    'hello',
    'Which documents do you have?',
    'Summarize the documents',
    'What color was the lighthouse painted?',
    'help',
  ]) {
    it(`cannot forge a chip, a link definition or a line in the reply to "${question}"`, async () => {
      const reply = await ask(server.url, question);
      const chips = chipsOf(reply.answer, reply.citations);
      assert.deepEqual(
        [...new Set(chips)].sort(),
        [...new Set(reply.citations.map((c) => c.id))].sort(),
        `every chip is one of the reply's own citations: ${reply.answer}`,
      );
      assert.doesNotMatch(reply.answer, /^\s*\[[^\]]*\]:/m, 'no link reference definition');
      assert.doesNotMatch(reply.answer, /\n/, 'titles add no lines');
    });
  }

  it('keeps them inert in the OpenAI endpoint and the LLM prompt', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ model: 'corpus-chat', messages: [{ role: 'user', content: 'Which documents do you have?' }] }),
    });
    const body = (await response.json()) as {
      choices: { message: { content: string } }[];
      corpus_chat: { citations: AnswerResponse['citations'] };
    };
    const content = body.choices[0]?.message.content ?? '';
    const sources = content.slice(content.indexOf('Sources:'));
    assert.match(sources, /\[\d\] \\\[7\\\] \(a\.md\)/);
    assert.doesNotMatch(sources, /^\[z\]:/m);
    assert.deepEqual(chipsOf(content.slice(0, content.indexOf('Sources:')), body.corpus_chat.citations).sort(), [1, 2, 3]);
    const prompt = userPrompt('q', 'q', [
      { docId: 'b.pdf', title: TITLES[1] as string, text: 'x', start: 0, end: 1, score: 1, id: 'b.pdf#0' },
    ]);
    assert.match(prompt, /title="x \[z\]: #cite-1 \[z\]"/, 'one line, in its attribute');
  });
});

describe('citations during rebuilds', () => {
  it('32 clients × 6 rebuilds: every citation opens the text it cited, and no cited document is 404', async () => {
    const { corpus, indexDir, config } = await indexedCopy();
    const server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir, STORE_RECHECK_MS: '200' });
    const original = await readFile(path.join(corpus, ARTICLE), 'utf8');
    const questions = [
      'Why did Germany refuse weapons?',
      'What did Boris Johnson say?',
      'Who is Christine Lambrecht?',
      'What did Russia deploy?',
    ];
    let rebuilding = true;
    const counts = { answers: 0, spans: 0, mismatched: 0, notFound: 0, gone: 0, errors: 0 };
    const client = async (n: number) => {
      for (let i = 0; rebuilding; i++) {
        const response = await fetch(`${server.url}/api/answer`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ question: questions[(n + i) % questions.length] }),
        });
        if (response.status !== 200) {
          counts.errors++;
          continue;
        }
        const answer = (await response.json()) as AnswerResponse;
        counts.answers++;
        for (const c of answer.citations) {
          const url = `${server.url}/api/documents/${encodeURIComponent(c.doc)}?version=${encodeURIComponent(answer.version)}`;
          const doc = await fetch(url);
          counts.spans++;
          if (doc.status === 404) counts.notFound++;
          else if (doc.status === 410) counts.gone++;
          else if (((await doc.json()) as { text: string }).text.slice(c.start, c.end) !== c.text) counts.mismatched++;
        }
      }
    };
    const clients = Array.from({ length: 32 }, (_, n) => client(n));
    try {
      for (let r = 1; r <= 6; r++) {
        // Each rebuild moves every sentence of the article: a paragraph more in front.
        await writeFile(path.join(corpus, ARTICLE), `${'Update. '.repeat(r)}The editors revised this article ${r} times.\n\n${original}`);
        await buildIndex(config, {}, { lockWaitMs: 60_000 });
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
    } finally {
      rebuilding = false;
      await Promise.all(clients);
      await server.stop();
    }
    console.log(`32 clients × 6 rebuilds: ${JSON.stringify(counts)}`);
    assert.ok(counts.answers > 100 && counts.spans > 100, JSON.stringify(counts));
    assert.equal(counts.errors, 0);
    assert.equal(counts.mismatched, 0);
    assert.equal(counts.notFound, 0);
  });

  it('serves the version asked for, 410 once it is gone, and only version names', async () => {
    const { corpus, indexDir, config, version: first } = await indexedCopy();
    const server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: indexDir });
    try {
      const original = await readFile(path.join(corpus, ARTICLE), 'utf8');
      for (let r = 1; r <= 3; r++) {
        await writeFile(path.join(corpus, ARTICLE), `Revision ${r}.\n\n${original}`);
        await buildIndex(config);
      }
      const gone = await fetch(`${server.url}/api/documents/${ARTICLE}?version=${first}`);
      assert.equal(gone.status, 410);
      assert.match((await gone.json()).error, /no longer kept/);
      const live = (await (await fetch(`${server.url}/api/documents/${ARTICLE}`)).json()) as { text: string; version: string };
      assert.match(live.text, /^Revision 3\./);
      for (const forged of ['..%2F..%2Fpackage.json', 'CURRENT', 'v1-zz'])
        assert.equal((await fetch(`${server.url}/api/documents/${ARTICLE}?version=${forged}`)).status, 410, forged);
    } finally {
      await server.stop();
    }
  });
});

describe('a damaged index', () => {
  it('starts the server degraded (health 503 with the fix) and recovers when a good version is published', async () => {
    const { corpus, indexDir, config, version } = await indexedCopy();
    const manifestFile = path.join(indexDir, version, 'manifest.json');
    const text = await readFile(manifestFile, 'utf8');
    await writeFile(manifestFile, text.slice(0, text.length / 2));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = '';
    let stop: ((signal: NodeJS.Signals) => void) | undefined;
    const started = runScript(
      'start.ts',
      [],
      { CORPUS_DIR: corpus, INDEX_DIR: indexDir, PORT: String(port), STORE_RECHECK_MS: '200' },
      {
        onOutput: ({ stdout, stderr }, kill) => {
          output = stdout + stderr;
          stop = kill;
        },
        timeoutMs: 120_000,
      },
    );
    try {
      const deadline = Date.now() + 60_000;
      let health: Response | undefined;
      while (Date.now() < deadline && !health) {
        health = await fetch(`${url}/api/health`).catch(() => undefined);
        if (!health) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.ok(health, `the server came up: ${output}`);
      assert.match(
        output,
        /warning: The index is damaged: manifest\.json is not valid JSON \(truncated\?\)\. Run `npm run index` to rebuild it\. Serving anyway/,
      );
      assert.equal(health.status, 503);
      assert.match((await health.json()).error, /manifest\.json is not valid JSON.*npm run index/);
      const refused = await fetch(`${url}/api/answer`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ question: 'Why did Germany refuse weapons?' }),
      });
      assert.equal(refused.status, 503);
      await buildIndex(config);
      const recovered = Date.now() + 10_000;
      while (Date.now() < recovered && (await fetch(`${url}/api/health`)).status !== 200) await new Promise((r) => setTimeout(r, 200));
      assert.equal((await fetch(`${url}/api/health`)).status, 200);
      assert.equal((await ask(url, 'Why did Germany refuse weapons?')).refused, false);
    } finally {
      stop?.('SIGTERM');
      await started;
    }
  });
});
