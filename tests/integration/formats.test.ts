/**
 * Every office, e-book, e-mail and table format end to end, on files pandoc and LibreOffice write: indexed by
 * `npm run index`, uploaded through POST /api/documents to the production server, and asked about, each answer
 * citing the file that says it. Each file names a harbour and a harbour master of its own, so only it can answer.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { type Harbour, INDEXED, makeOfficeFiles, type OfficeFormat } from '../corpus/office-files';
import { laughingEpub, makeZip } from '../corpus/zip-files';
import { makeScannedPdf } from '../fixtures/pdf';
import { corpusCopy, runScript, storeEnv, tempDir } from '../helpers';

/** Other made-up towns and people, for the uploads. */
const UPLOADED: Record<OfficeFormat, Harbour> = {
  docx: { town: 'Pellbridge', master: 'Amos Keverne' },
  pptx: { town: 'Lowenford', master: 'Clara Dunstable' },
  xlsx: { town: 'Morwick', master: 'Edwin Halloway' },
  odt: { town: 'Sandhaven', master: 'Ruth Pemberly' },
  odp: { town: 'Thornquay', master: 'Jonas Merriweather' },
  ods: { town: 'Ashcombe', master: 'Vera Lindqvist' },
  epub: { town: 'Highcliff', master: 'Otto Brannigan' },
  rtf: { town: 'Stormholt', master: 'Iris Calloway' },
  eml: { town: 'Eastwold', master: 'Bruno Tavistock' },
  csv: { town: 'Mossgrove', master: 'Hanna Wexley' },
  tsv: { town: 'Cliffhurst', master: 'Rolf Annesley' },
};
const FORMATS = Object.keys(INDEXED) as OfficeFormat[];

let server: RunningServer;
let noOcr: RunningServer;
let corpus: string;
let build: { code: number | null; stdout: string; stderr: string };
let uploads: Record<OfficeFormat, string>;
let env: Record<string, string>;

before(async () => {
  corpus = await corpusCopy();
  await makeOfficeFiles(corpus, (format) => INDEXED[format]);
  await writeFile(
    path.join(corpus, 'tide-tables.pdf'),
    await makeScannedPdf(['The tide keeper of Wrenhaven is Colm Ardley.'], 'Tide tables'),
  );
  uploads = await makeOfficeFiles(path.join(await tempDir(), 'uploads'), (format) => UPLOADED[format], 'upload');
  env = { CORPUS_DIR: corpus, ...(await storeEnv(await tempDir())) };
  build = await runScript('build-index.ts', [], env);
  const plain = { CORPUS_DIR: await corpusCopy(), ...(await storeEnv(await tempDir())) };
  await runScript('build-index.ts', [], plain);
  [server, noOcr] = await Promise.all([
    startServer({ ...env, INDEX_LOCK_WAIT_MS: '30000' }),
    startServer({ ...plain, OCR: 'off', INDEX_LOCK_WAIT_MS: '30000' }),
  ]);
});

after(() => Promise.all([server?.stop(), noOcr?.stop()]));

const uploadOne = (to: RunningServer, name: string, bytes: Uint8Array) => {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${to.url}/api/documents`, { method: 'POST', body: form });
};

const ask = async (question: string) =>
  (await (
    await fetch(`${server.url}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    })
  ).json()) as { refused: boolean; answer: string; citations: { doc: string; text: string }[] };

describe('office, e-book, e-mail and table formats, end to end', () => {
  it('npm run index reads every format beside the articles, and a scan by OCR, showing its pages', async () => {
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, new RegExp(`documents: ${5 + FORMATS.length + 1} loaded`));
    assert.doesNotMatch(build.stderr, /skipped/);
    assert.match(build.stderr, /reading tide-tables\.pdf: OCR of page 1 \(1 of 1\)/);
    const reply = await ask('Who is the tide keeper of Wrenhaven?');
    assert.ok(
      reply.citations.some((c) => c.doc === 'tide-tables.pdf' && /Colm Ardley/.test(c.text)),
      `${reply.answer} ${JSON.stringify(reply.citations)}`,
    );
  });

  it('npm run docs -- list names the format of each document', async () => {
    const list = await runScript('docs.ts', ['list'], env);
    assert.equal(list.code, 0, list.stderr);
    for (const format of FORMATS) assert.match(list.stdout, new RegExp(`^harbour\\.${format} +${format} +`, 'm'), format);
  });

  it('answers from each indexed file, citing it', async () => {
    for (const format of FORMATS) {
      const { town, master } = INDEXED[format];
      const reply = await ask(`Who is the harbour master of ${town}?`);
      assert.equal(reply.refused, false, format);
      assert.match(reply.answer, new RegExp(master), format);
      assert.ok(
        reply.citations.some((c) => c.doc === `harbour.${format}` && c.text.includes(master)),
        `${format}: ${JSON.stringify(reply.citations)}`,
      );
    }
  });

  it('takes an upload of each format and answers from it, citing it', async () => {
    // Two uploads: one takes at most 10 files.
    for (const batch of [FORMATS.slice(0, 6), FORMATS.slice(6)]) {
      const form = new FormData();
      for (const format of batch) form.append('files', new Blob([await readFile(uploads[format])]), `upload.${format}`);
      const response = await fetch(`${server.url}/api/documents`, { method: 'POST', body: form });
      assert.equal(response.status, 200, await response.clone().text());
    }
    for (const format of FORMATS) {
      const { town, master } = UPLOADED[format];
      const reply = await ask(`Who is the harbour master of ${town}?`);
      assert.ok(
        reply.citations.some((c) => c.doc === `upload.${format}` && c.text.includes(master)),
        `${format}: ${reply.answer} ${JSON.stringify(reply.citations)}`,
      );
    }
  });

  it('reads an uploaded scan by OCR and answers from it; with OCR off, the upload says why nothing was read', async () => {
    const scan = await makeScannedPdf(['The lighthouse keeper of Port Ellis is Marta Quinlan.'], 'Lighthouse');
    assert.equal((await uploadOne(server, 'lighthouse.pdf', scan)).status, 200);
    const reply = await ask('Who is the lighthouse keeper of Port Ellis?');
    assert.ok(
      reply.citations.some((c) => c.doc === 'lighthouse.pdf' && /Marta Quinlan/.test(c.text)),
      `${reply.answer} ${JSON.stringify(reply.citations)}`,
    );
    const refused = await uploadOne(noOcr, 'lighthouse.pdf', scan);
    assert.equal(refused.status, 422);
    assert.match(
      ((await refused.json()) as { error: string }).error,
      /lighthouse\.pdf was refused: page 1 of lighthouse\.pdf has no text layer; set OCR=auto and install tesseract-ocr to read them/,
    );
  });

  it('refuses an upload whose bytes are another format than its name (415), and keeps nothing of it', async () => {
    const form = new FormData();
    form.append('files', new Blob([await readFile(uploads.odt)]), 'renamed.docx');
    const response = await fetch(`${server.url}/api/documents`, { method: 'POST', body: form });
    assert.equal(response.status, 415);
    assert.match(((await response.json()) as { error: string }).error, /its content is an OpenDocument text, not a Word document/);
    await assert.rejects(readFile(path.join(corpus, 'renamed.docx')), { code: 'ENOENT' });
  });

  it('refuses zip bombs with 422 and the reason within 2 s, answering questions meanwhile, and keeps nothing of them', async () => {
    const docx = (entries: Parameters<typeof makeZip>[0]) =>
      makeZip([
        { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
        ...entries,
      ]);
    const bombs: [string, Buffer, RegExp][] = [
      [
        'declares-2gb.docx',
        docx([{ name: 'word/document.xml', data: 'x'.repeat(20_000), declaredSize: 2 * 1024 ** 3 }]),
        /expand to more than/,
      ],
      [
        'many.docx',
        docx([
          { name: 'word/document.xml', data: '<w/>' },
          ...Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}`, data: '', method: 0 as const })),
        ]),
        /more than 10,000/,
      ],
      ['laughs.epub', laughingEpub(), /declares XML entities/],
    ];
    for (const [name, bytes, reason] of bombs) {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(bytes)]), name);
      const latencies: number[] = [];
      let uploading = true;
      const probe = (async () => {
        while (uploading) {
          const started = performance.now();
          await fetch(`${server.url}/api/health`);
          latencies.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const started = performance.now();
      const response = await fetch(`${server.url}/api/documents`, { method: 'POST', body: form });
      const took = performance.now() - started;
      uploading = false;
      await probe;
      assert.equal(response.status, 422, name);
      assert.match(((await response.json()) as { error: string }).error, reason);
      assert.ok(took < 2000, `${name} took ${took.toFixed(0)} ms`);
      latencies.sort((a, b) => a - b);
      const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0;
      assert.ok(p95 < 500, `the server answered in ${p95.toFixed(0)} ms at p95 meanwhile`);
      await assert.rejects(readFile(path.join(corpus, name)), { code: 'ENOENT' });
    }
  });
});
