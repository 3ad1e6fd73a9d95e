import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadCorpus, parseDocument } from '@/lib/corpus';
import { judgeUploads, placeFiles, planPlacements, safeFileName } from '@/lib/corpus/upload';
import type { StagedFile } from '@/lib/multipart';
import { fakeExecutable, makePdf } from '../fixtures/pdf';
import { EXTRACTION, LIMITS, tempDir } from '../helpers';

const MB = 1024 * 1024;
const text = (s: string) => new Uint8Array(Buffer.from(s));

describe('safeFileName', () => {
  it('keeps one ordinary path segment', () => {
    assert.equal(safeFileName('../../etc/passwd.txt'), 'passwd.txt');
    assert.equal(safeFileName('..\\..\\windows\\win.ini'), 'win.ini');
    assert.equal(safeFileName('/abs/path/Report.PDF'), 'Report.pdf');
    assert.equal(safeFileName('.hidden.md'), 'hidden.md');
    assert.equal(safeFileName('a\u0000b<script>.md'), 'ab_script_.md');
    assert.equal(safeFileName('..'), 'document');
    assert.equal(safeFileName(`${'x'.repeat(300)}.txt`).length, 120);
  });
});

describe('PDF documents', () => {
  it('are read from their text layer with the metadata title', async () => {
    const parsed = await parseDocument(
      'treaty.pdf',
      makePdf(['The Zephyr treaty was signed in Reykjavik.', 'It created the Polar Council.'], 'Zephyr Treaty'),
      LIMITS,
    );
    assert.ok('text' in parsed);
    assert.equal(parsed.title, 'Zephyr Treaty');
    assert.equal(parsed.format, 'pdf');
    assert.match(parsed.text, /The Zephyr treaty was signed in Reykjavik\./);
  });

  it('are refused when the bytes are not a PDF, and a PDF is refused under a text name', async () => {
    assert.deepEqual(await parseDocument('fake.pdf', text('just text'), LIMITS), {
      id: 'fake.pdf',
      reason: 'not a PDF',
      problem: 'wrong-type',
    });
    assert.deepEqual(await parseDocument('sneaky.txt', makePdf(['x'], 'x'), LIMITS), {
      id: 'sneaky.txt',
      reason: 'a PDF with a text extension',
      problem: 'wrong-type',
    });
  });

  it('load from the corpus folder beside text files', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.pdf'), makePdf(['Alpha beta gamma delta.'], 'Alpha'));
    await writeFile(path.join(dir, 'b.txt'), 'Plain text document here.');
    const { documents } = await loadCorpus(dir, EXTRACTION);
    assert.deepEqual(
      documents.map((d) => [d.id, d.format]),
      [
        ['a.pdf', 'pdf'],
        ['b.txt', 'txt'],
      ],
    );
  });
});

/** Writes each file to a staging folder as the upload route does. */
async function stage(files: readonly { name: string; bytes: Uint8Array }[]): Promise<StagedFile[]> {
  const dir = await tempDir('staging-');
  return Promise.all(
    files.map(async (f, i) => {
      const file = path.join(dir, String(i));
      await writeFile(file, f.bytes);
      return { name: f.name, path: file, bytes: f.bytes.length, tooLarge: false };
    }),
  );
}

describe('judging and placing uploads', () => {
  it('adds text and PDF files, reports duplicates (of the corpus and of each other) and renames on a name clash', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'existing.txt'), 'The original existing document text.');
    const judged = await judgeUploads(
      await stage([
        { name: 'notes.md', bytes: text('# Notes\n\nThe Zephyr treaty was signed in Reykjavik.') },
        { name: 'treaty.pdf', bytes: makePdf(['The Polar Council met in 2031.'], 'Polar Council') },
        { name: 'copy.txt', bytes: text('The original existing document text.') },
        { name: 'existing.txt', bytes: text('Different content under a taken name.') },
        { name: '../../escape.txt', bytes: text('Trying to leave the folder.') },
        { name: 'again.md', bytes: text('# Notes\n\nThe Zephyr treaty was signed in Reykjavik.') },
      ]),
      10 * MB,
      EXTRACTION,
    );
    const { outcomes, placements } = await planPlacements(dir, judged, new Map());
    assert.deepEqual(outcomes, [
      { name: 'notes.md', status: 'added', id: 'notes.md' },
      { name: 'treaty.pdf', status: 'added', id: 'treaty.pdf' },
      { name: 'copy.txt', status: 'duplicate', id: 'existing.txt' },
      { name: 'existing.txt', status: 'renamed', id: 'existing (2).txt' },
      { name: '../../escape.txt', status: 'added', id: 'escape.txt' },
      { name: 'again.md', status: 'duplicate', id: 'notes.md' },
    ]);
    assert.deepEqual(await readdir(dir), ['existing.txt'], 'nothing is placed before the caller says so');
    assert.deepEqual(
      placements.map((p) => p.document.id),
      ['notes.md', 'treaty.pdf', 'existing (2).txt', 'escape.txt'],
    );
    await placeFiles(dir, placements);
    assert.equal(await readFile(path.join(dir, 'existing.txt'), 'utf8'), 'The original existing document text.', 'nothing is overwritten');
    assert.deepEqual((await readdir(dir)).sort(), ['escape.txt', 'existing (2).txt', 'existing.txt', 'notes.md', 'treaty.pdf']);
  });

  it('takes the hashes of indexed files from the index and hashes only files it does not know or whose size changed', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'indexed.txt'), 'Text the index holds under a hash it recorded.');
    await writeFile(path.join(dir, 'edited.txt'), 'Edited since the index was built, so its size changed.');
    await writeFile(path.join(dir, 'dropped.txt'), 'Dropped into the folder after the last build.');
    const judged = await judgeUploads(
      await stage([
        { name: 'a.txt', bytes: text('Uploaded text whose hash the index recorded for indexed.txt.') },
        { name: 'b.txt', bytes: text('Edited since the index was built, so its size changed.') },
        { name: 'c.txt', bytes: text('Dropped into the folder after the last build.') },
      ]),
      10 * MB,
      EXTRACTION,
    );
    const hashOf = (i: number) => {
      const item = judged[i];
      assert.ok(item && 'document' in item);
      return item.document.hash;
    };
    // The recorded hash is trusted while the size matches: the file is not read again.
    const bytes = (await readFile(path.join(dir, 'indexed.txt'))).length;
    const indexed = new Map([
      ['indexed.txt', { hash: hashOf(0), bytes }],
      ['edited.txt', { hash: 'f'.repeat(64), bytes: 3 }],
    ]);
    const { outcomes } = await planPlacements(dir, judged, indexed);
    assert.deepEqual(outcomes, [
      { name: 'a.txt', status: 'duplicate', id: 'indexed.txt' },
      { name: 'b.txt', status: 'duplicate', id: 'edited.txt' },
      { name: 'c.txt', status: 'duplicate', id: 'dropped.txt' },
    ]);
  });

  it('takes every extension the loader reads, .markdown and .text too', async () => {
    const judged = await judgeUploads(
      await stage([
        { name: 'notes.markdown', bytes: text('# Notes\n\nThe tide tables were revised in spring.') },
        { name: 'log.text', bytes: text('The ferry ran twice a day.') },
      ]),
      10 * MB,
      EXTRACTION,
    );
    assert.deepEqual(
      judged.map((r) => ('document' in r ? r.document.format : r.code)),
      ['md', 'txt'],
    );
  });

  it('refuses an executable renamed .txt, an oversized file, other types and files with no text', async () => {
    const staged = await stage([
      { name: 'setup.txt', bytes: fakeExecutable() },
      { name: 'big.txt', bytes: new Uint8Array(11 * MB).fill(97) },
      { name: 'tool.exe', bytes: text('hello') },
      { name: 'blank.md', bytes: text('   \n\n  ') },
    ]);
    const judged = await judgeUploads(
      [...staged, { name: 'cut.txt', path: '/nonexistent', bytes: 10 * MB, tooLarge: true }],
      10 * MB,
      EXTRACTION,
    );
    assert.deepEqual(
      judged.map((r) => ('status' in r ? [r.code, r.reason] : ['accepted'])),
      [
        ['unsupported', 'setup.txt was refused: binary content (NUL bytes).'],
        ['too_large', 'big.txt is over the limit of 10 MiB per file (11 MiB).'],
        [
          'unsupported',
          'tool.exe: only .txt, .text, .md, .markdown, .html, .htm, .pdf, .docx, .pptx, .xlsx, .odt, .odp, .ods, .epub, .rtf, .eml, .csv, .tsv, .tab files are accepted.',
        ],
        ['unreadable', 'blank.md was refused: no text left after cleaning.'],
        ['too_large', 'cut.txt is over the limit of 10 MiB per file.'],
      ],
    );
  });
});
