import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractText } from '@/lib/corpus/extract';
import {
  contentMismatch,
  DOCUMENT_EXTENSIONS,
  type DocumentFormat,
  FILE_INPUT_ACCEPT,
  FORMATS,
  formatOf,
  sniff,
  usualExtensions,
} from '@/lib/corpus/formats';
import { fakeExecutable, makePdf } from '../fixtures/pdf';
import { LIMITS } from '../helpers';

const text = (s: string) => new TextEncoder().encode(s);

describe('the format registry', () => {
  it('gives each extension one format, read case-blind from the last dot', () => {
    assert.equal(new Set(DOCUMENT_EXTENSIONS).size, DOCUMENT_EXTENSIONS.length);
    for (const [format, info] of Object.entries(FORMATS)) {
      for (const extension of info.extensions) {
        assert.match(extension, /^\.[a-z0-9]+$/);
        assert.equal(formatOf(`dir/a.b${extension.toUpperCase()}`), format);
      }
    }
    assert.equal(formatOf('notes.md.exe'), undefined);
    assert.equal(formatOf('README'), undefined);
  });

  it('offers the file picker every extension and media type, and names the usual ones in messages', () => {
    const accepted = FILE_INPUT_ACCEPT.split(',');
    for (const info of Object.values(FORMATS)) {
      assert.ok(accepted.includes(info.mime), info.mime);
      for (const extension of info.extensions) assert.ok(accepted.includes(extension), extension);
    }
    assert.equal(usualExtensions(), '.txt, .md, .html, .pdf, .docx, .pptx, .xlsx, .odt, .odp, .ods, .epub, .rtf, .eml, .csv or .tsv');
  });

  it('sniffs content whatever the name: PDF, UTF-8 text, or binary with the reason', () => {
    assert.deepEqual(sniff(makePdf(['Hello.'], 'T')), { content: 'pdf', mime: 'application/pdf' });
    assert.deepEqual(sniff(text('héllo')), { content: 'text', mime: 'text/plain', text: 'héllo' });
    assert.equal(sniff(fakeExecutable()).content, 'binary');
    assert.deepEqual(sniff(Uint8Array.from([0x68, 0xff, 0x68])), {
      content: 'binary',
      mime: 'application/octet-stream',
      reason: 'not valid UTF-8',
    });
  });

  it('refuses bytes that are not what the name says', () => {
    const pdf = sniff(makePdf(['Hello.'], 'T'));
    const plain = sniff(text('Hello.'));
    assert.equal(contentMismatch('pdf', pdf), undefined);
    assert.equal(contentMismatch('md', plain), undefined);
    assert.equal(contentMismatch('pdf', plain), 'not a PDF');
    assert.equal(contentMismatch('html', pdf), 'a PDF with a text extension');
    assert.equal(contentMismatch('txt', sniff(text('a\0b'))), 'binary content (NUL bytes)');
  });

  it('has an extractor for the web formats, plain text and PDF (the others: office.test.ts, on real files)', async () => {
    const samples: Partial<Record<DocumentFormat, string | Uint8Array>> = {
      txt: 'One line.\n\nAnother line.',
      md: '# Title\n\nOne line.',
      html: '<title>Title</title><p>One line.</p>',
      pdf: makePdf(['One line.'], 'Title'),
    };
    for (const [format, sample] of Object.entries(samples)) {
      const { text: extracted } = await extractText(format as DocumentFormat, sample, LIMITS);
      assert.match(extracted, /One line\./, format);
    }
  });
});
