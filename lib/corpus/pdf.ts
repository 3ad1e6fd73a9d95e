/** The text layer of a PDF, page by page, and the title its metadata declares. */
import type { ExtractedText, ExtractLimits } from './extract';
import { checkDecodedSize } from './pdf-streams';

/** A large PDF may decode to this many times its size before the flat budget is exceeded: text streams compress 3–6×. */
const DECODED_PER_FILE_BYTE = 8;

export async function extractPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<ExtractedText> {
  checkDecodedSize(bytes, Math.max(limits.maxDecodedBytes, DECODED_PER_FILE_BYTE * bytes.length));
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
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
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : item.str.endsWith(' ') ? '' : ' ');
      }
      pages.push(text);
      page.cleanup();
    }
    const title = typeof info?.Title === 'string' ? info.Title.trim() : '';
    return title ? { text: pages.join('\n\n'), declaredTitle: title } : { text: pages.join('\n\n') };
  } finally {
    await doc.destroy();
  }
}
