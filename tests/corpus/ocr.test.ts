/** Scanned PDFs: OCR reads a page without a text layer where tesseract is installed, and says why not where it is off. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDocument, parseDocument } from '@/lib/corpus/load';
import { ocrAvailable } from '@/lib/corpus/ocr';
import { pageList } from '@/lib/corpus/pdf';
import { makeScannedPdf, manyPagePdf } from '../fixtures/pdf';
import { LIMITS } from '../helpers';

const LINES = ['The lighthouse keeper of Port Ellis is Marta Quinlan.', 'She lights the lamp at dusk every evening.'];

describe('scanned PDFs', () => {
  it('reads a page without a text layer by OCR', async () => {
    assert.ok(ocrAvailable(), '.ci/run installs tesseract-ocr and poppler-utils');
    const scan = await makeScannedPdf(LINES, 'Lighthouse');
    const doc = await parseDocument('scan.pdf', scan, { ...LIMITS, ocr: true });
    assert.ok(isDocument(doc), JSON.stringify(doc));
    assert.equal(doc.title, 'Lighthouse');
    assert.match(doc.text, /lighthouse keeper of Port Ellis is Marta Quinlan/);
    assert.match(doc.text, /lights the lamp at dusk/);
  });

  it('says which pages have no text layer and what would read them when OCR is off', async () => {
    const scan = await makeScannedPdf(LINES, 'Lighthouse');
    assert.deepEqual(await parseDocument('scans/x.pdf', scan, { ...LIMITS, ocr: false }), {
      id: 'scans/x.pdf',
      reason: 'page 1 of x.pdf has no text layer; set OCR=auto and install tesseract-ocr to read them',
      problem: 'no-text',
    });
  });

  it('leaves pages of drawings alone: only a page that paints an image is a scan', async () => {
    const started = performance.now();
    const doc = await parseDocument('lines.pdf', manyPagePdf(40, 'Lines'), { ...LIMITS, ocr: true });
    assert.ok(isDocument(doc), JSON.stringify(doc));
    assert.match(doc.text, /The Lines report lists the readings of the year\./);
    assert.ok(performance.now() - started < 5000, 'no page was sent to OCR');
  });

  it('names pages as runs', () => {
    assert.equal(pageList([3]), 'page 3');
    assert.equal(pageList([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 'pages 1–12');
    assert.equal(pageList([1, 2, 3, 5, 7, 8]), 'pages 1–3, 5, 7–8');
  });
});
