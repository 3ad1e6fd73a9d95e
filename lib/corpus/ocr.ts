/**
 * OCR of PDF pages that have no text layer (scans): poppler's pdftoppm
 * renders the page at 300 dpi in grey, Debian's tesseract reads it. Both are
 * programs of the operating system, started from the extraction child, so
 * they inherit its data-segment limit; each page has its own time limit, and
 * a page's start is reported so the sandbox gives the file that much more
 * time. Nothing is downloaded: without the programs, OCR is not available.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Resolution pages are rendered at: tesseract reads 10-point text best at about 300 dpi. */
const DPI = 300;

const onPath = (command: string) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, command)));

/** Whether this machine can read scanned pages: both programs are installed. */
export function ocrAvailable(): boolean {
  return onPath('tesseract') && onPath('pdftoppm');
}

/** The text of each of `pages` (numbered from 1) of the PDF in `bytes`, read by OCR. */
export async function ocrPages(
  bytes: Uint8Array,
  pages: readonly number[],
  pageTimeoutMs: number,
  progress: (step: string) => void = () => {},
): Promise<Map<number, string>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'corpus-chat-ocr-'));
  const options = { timeout: pageTimeoutMs, killSignal: 'SIGKILL' as const, maxBuffer: 16 * 1024 * 1024 };
  try {
    const pdf = path.join(dir, 'scan.pdf');
    await writeFile(pdf, bytes);
    const texts = new Map<number, string>();
    for (const [i, page] of pages.entries()) {
      progress(`OCR of page ${page} (${i + 1} of ${pages.length})`);
      const image = path.join(dir, `page-${page}`);
      await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(DPI), '-gray', '-singlefile', pdf, image], options);
      const { stdout } = await run('tesseract', [`${image}.pgm`, 'stdout', '-l', 'eng'], options);
      texts.set(page, stdout);
    }
    return texts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
