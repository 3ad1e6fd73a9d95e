/**
 * The office, e-book, e-mail and table formats, on real files that pandoc and LibreOffice write (./office-files),
 * and zip bombs written byte by byte (./zip-files).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { extractText } from '@/lib/corpus/extract';
import { contentMismatch, type DocumentFormat, FORMATS, sniff } from '@/lib/corpus/formats';
import { isDocument, parseDocument } from '@/lib/corpus/load';
import { tableParagraphs } from '@/lib/corpus/table';
import { LIMITS as HELPER_LIMITS, tempDir } from '../helpers';
import { bytesOf, makeOfficeFiles } from './office-files';
import { laughingEpub, makeZip } from './zip-files';

const LIMITS = { ...HELPER_LIMITS, maxDecodedBytes: 64 * 1024 * 1024, cleaning: 'plain' as const };

/** The paragraphs each kind of source gives, in order. */
const FROM_MARKDOWN = [
  'Harbour Report',
  'Jane Doe',
  'Opening hours',
  'The harbour office opens at seven in the morning. It closes at noon on Saturdays.',
  'Fees',
  'Small boats pay four euros a night.',
  'Large boats pay twelve euros a night.',
  'Boat: Small; Fee: 4',
  'Boat: Large; Fee: 12',
  'The harbour master of Portwen is Ada Lovelace, who was appointed in 2019.',
];
const FROM_CSV = [
  'Boat: Small; Fee: 4; Harbour master of Portwen: Ada Lovelace',
  'Boat: Large; Fee: 12; Harbour master of Portwen: Ada Lovelace',
];
const TITLE = 'Harbour Report';

const EXPECTED: Record<string, { paragraphs: string[]; title?: string }> = {
  docx: { paragraphs: FROM_MARKDOWN, title: TITLE },
  odt: { paragraphs: FROM_MARKDOWN, title: TITLE },
  epub: { paragraphs: FROM_MARKDOWN, title: TITLE },
  pptx: { paragraphs: FROM_MARKDOWN, title: TITLE },
  odp: { paragraphs: FROM_MARKDOWN, title: TITLE },
  rtf: { paragraphs: FROM_MARKDOWN },
  xlsx: { paragraphs: FROM_CSV },
  ods: { paragraphs: FROM_CSV },
  csv: { paragraphs: FROM_CSV },
  tsv: { paragraphs: FROM_CSV },
  eml: {
    paragraphs: [
      'From Jane Doe <jane@example.org> on 2026-12-01.',
      'The harbour office opens at seven in the morning. It closes at noon on Saturdays.',
      'The harbour master of Portwen is Ada Lovelace, who was appointed in 2019.',
    ],
    title: TITLE,
  },
};

describe('office, e-book, e-mail and table formats', () => {
  let files: Record<string, string>;
  before(async () => {
    files = await makeOfficeFiles(path.join(await tempDir(), 'docs'));
  });

  it('covers, with formats.test.ts, every format the registry lists', () => {
    assert.deepEqual(Object.keys(FORMATS).sort(), [...Object.keys(EXPECTED), 'txt', 'md', 'html', 'pdf'].sort());
  });

  it('reads each format with its structure: headings, list items and table rows as paragraphs, the title from metadata', async () => {
    for (const [format, expected] of Object.entries(EXPECTED)) {
      const bytes = await bytesOf(files[format] as string);
      const sniffed = sniff(bytes);
      assert.equal(contentMismatch(format as DocumentFormat, sniffed), undefined, format);
      const { text, declaredTitle } = await extractText(
        format as DocumentFormat,
        sniffed.content === 'text' ? sniffed.text : bytes,
        LIMITS,
      );
      assert.deepEqual(
        text.split('\n\n').map((p) => p.trim()),
        expected.paragraphs,
        format,
      );
      assert.equal(declaredTitle, expected.title, format);
    }
  });

  it('knows each package by its bytes, and refuses one renamed to another format', async () => {
    const kinds = Object.fromEntries(
      await Promise.all(
        ['docx', 'pptx', 'xlsx', 'odt', 'odp', 'ods', 'epub', 'rtf'].map(async (f) => [
          f,
          sniff(await bytesOf(files[f] as string)).content,
        ]),
      ),
    );
    assert.deepEqual(kinds, { docx: 'docx', pptx: 'pptx', xlsx: 'xlsx', odt: 'odt', odp: 'odp', ods: 'ods', epub: 'epub', rtf: 'rtf' });
    const odt = await parseDocument('renamed.docx', await bytesOf(files.odt as string), LIMITS);
    assert.deepEqual(odt, {
      id: 'renamed.docx',
      reason: 'its content is an OpenDocument text, not a Word document',
      problem: 'wrong-type',
    });
    const zip = makeZip([{ name: 'notes.txt', data: 'Hello.' }]);
    assert.equal(contentMismatch('docx', sniff(zip)), 'a zip archive that is not a document');
    assert.equal(contentMismatch('pdf', sniff(await bytesOf(files.docx as string))), 'not a PDF');
    assert.equal(
      contentMismatch('txt', sniff(await bytesOf(files.rtf as string))),
      'its content is a Rich Text Format document, not plain text',
    );
    assert.match(contentMismatch('eml', sniff(Buffer.from('Just a note, no headers.\n'))) ?? '', /not an e-mail/);
  });

  it('indexes a document of each format under its own title', async () => {
    for (const format of Object.keys(EXPECTED)) {
      const doc = await parseDocument(`harbour.${format}`, await bytesOf(files[format] as string), LIMITS);
      assert.ok(isDocument(doc), `${format}: ${JSON.stringify(doc)}`);
      assert.equal(doc.format, format);
      assert.match(doc.text, /Ada Lovelace/);
    }
  });
});

describe('tableParagraphs', () => {
  it('labels each row with the header, skips blank cells and rows, and leaves a table without a header unlabelled', () => {
    assert.deepEqual(
      tableParagraphs([
        ['Country', 'Capital', 'Note'],
        ['Kenya', 'Nairobi', ''],
        ['', '', ''],
        ['Peru', 'Lima', 'coastal'],
      ]),
      ['Country: Kenya; Capital: Nairobi', 'Country: Peru; Capital: Lima; Note: coastal'],
    );
    assert.deepEqual(
      tableParagraphs([
        ['2019', '4'],
        ['2020', '5'],
      ]),
      ['2019; 4', '2020; 5'],
    );
    assert.deepEqual(tableParagraphs([['Only a heading row']]), ['Only a heading row']);
  });
});

describe('zip bombs', () => {
  const docx = (document: Parameters<typeof makeZip>[0][number]) =>
    makeZip([
      { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
      document,
    ]);

  it('refuses a small DOCX whose directory declares 2 GB, before inflating it', async () => {
    const bomb = docx({ name: 'word/document.xml', data: 'x'.repeat(20_000), declaredSize: 2 * 1024 ** 3 });
    assert.ok(bomb.length < 12 * 1024, `${bomb.length} bytes`);
    const started = performance.now();
    const result = await parseDocument('bomb.docx', bomb, LIMITS);
    assert.deepEqual(result, {
      id: 'bomb.docx',
      reason: 'its compressed streams expand to more than 64 MiB (EXTRACT_MAX_DECODED_MB)',
      problem: 'too-costly',
    });
    assert.ok(performance.now() - started < 2000);
  });

  it('refuses an entry that expands past the budget although its directory says it is small', async () => {
    const zeros = new Uint8Array(80 * 1024 * 1024);
    const bomb = docx({ name: 'word/document.xml', data: zeros, declaredSize: 1000 });
    const result = await parseDocument('liar.docx', bomb, LIMITS);
    assert.equal(isDocument(result), false);
    assert.match(isDocument(result) ? '' : result.reason, /expands more than 1000 times|expand to more than 64 MiB/);
  });

  it('refuses a package with 100,000 entries', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ name: `f${i}`, data: '', method: 0 as const }));
    const many = makeZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w/>' }, ...entries]);
    const started = performance.now();
    const result = await parseDocument('many.docx', many, LIMITS);
    assert.equal(isDocument(result), false);
    assert.match(isDocument(result) ? '' : result.reason, /^it holds [\d,]+ files, more than 10,000$/);
    assert.ok(performance.now() - started < 2000);
  });

  it('refuses an EPUB whose chapter is a billion-laughs XML, before its parser sees it', async () => {
    const epub = laughingEpub();
    const started = performance.now();
    assert.deepEqual(await parseDocument('laughs.epub', epub, LIMITS), {
      id: 'laughs.epub',
      reason: 'OEBPS/c1.xhtml declares XML entities, which documents do not use (a billion-laughs bomb)',
      problem: 'too-costly',
    });
    assert.ok(performance.now() - started < 2000);
  });
});
