/** The text layer of a PDF, page by page, and the title its metadata declares. */
import type { ExtractedText, ExtractLimits, Progress } from './extract';
import { ocrAvailable, ocrPages } from './ocr';
import { checkDecodedSize } from './pdf-streams';

/** A PDF whose pages have no text layer (a scan) and no OCR to read them; `pages` are numbered from 1. */
export class NoTextLayer extends Error {
  override readonly name = 'NoTextLayer';
  constructor(
    readonly pages: readonly number[],
    /** Why OCR did not read them: it is switched off, or its programs are not installed. */
    readonly ocr: 'off' | 'missing',
  ) {
    super(`${pages.length} pages have no text layer`);
  }
}

/** "page 3", "pages 1–12", "pages 1–3, 5": runs of consecutive pages. */
export function pageList(pages: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === (pages[j] ?? 0) + 1) j++;
    runs.push(i === j ? String(pages[i]) : `${pages[i]}–${pages[j]}`);
    i = j + 1;
  }
  return `${pages.length === 1 ? 'page' : 'pages'} ${runs.join(', ')}`;
}

/** A large PDF may decode to this many times its size before the flat budget is exceeded: text streams compress 3–6×. */
const DECODED_PER_FILE_BYTE = 8;

export async function extractPdf(bytes: Uint8Array, limits: ExtractLimits, progress?: Progress): Promise<ExtractedText> {
  checkDecodedSize(bytes, Math.max(limits.maxDecodedBytes, DECODED_PER_FILE_BYTE * bytes.length));
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const IMAGE_OPS = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintImageXObjectRepeat,
  ]);
  // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  const doc = await task.promise;
  try {
    const { info } = (await doc.getMetadata()) as { info?: { Title?: unknown } };
    const pages: string[] = [];
    const canRead = limits.ocr && ocrAvailable();
    // Pages without text that paint an image: scans. A page of lines or a blank one has nothing OCR could read.
    const scanned: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : item.str.endsWith(' ') ? '' : ' ');
      }
      pages.push(text);
      if (text.trim() === '' && (!canRead || (await page.getOperatorList()).fnArray.some((op) => IMAGE_OPS.has(op)))) scanned.push(n);
      page.cleanup();
    }
    if (scanned.length > 0 && canRead) {
      // The first OCR_MAX_PAGES scans only: each costs seconds, and a file of thousands of image pages would
      // otherwise hold the extraction child for hours.
      const read = await ocrPages(bytes, scanned.slice(0, limits.ocrMaxPages), limits.ocrPageTimeoutMs, progress);
      for (const [page, text] of read) pages[page - 1] = text;
    } else if (scanned.length === pages.length && pages.length > 0) {
      // Nothing at all to index: say why, and what would read it.
      throw new NoTextLayer(scanned, limits.ocr ? 'missing' : 'off');
    }
    const title = typeof info?.Title === 'string' ? info.Title.trim() : '';
    return title ? { text: pages.join('\n\n'), declaredTitle: title } : { text: pages.join('\n\n') };
  } finally {
    await doc.destroy();
  }
}
