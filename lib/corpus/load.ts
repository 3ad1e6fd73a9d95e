/**
 * Reads every supported file under the corpus folder. A file that cannot be
 * used (binary, not UTF-8, empty after cleaning) is reported in `skipped` and
 * the rest still load; a missing folder is an error.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import { cleanText, titleFromText } from './clean';
import { type ExtractedText, type ExtractLimits, extractText, type Progress } from './extract';
import { NoTextLayer, pageList } from './pdf';
import { DecodedTooLarge } from './pdf-streams';
import { ZipRefused } from './zip-guard';
import { formatSize } from '../text/size';
import { contentMismatch, formatOf, sniff, usualExtensions } from './formats';
import { type ReadingStep, sandboxedExtractor, type SandboxLimits } from './sandbox';
import type { CorpusDocument, LoadedCorpus, SkippedFile } from './types';
import { hashFile } from './hash';
import { listEntries } from './walk';

export function documentId(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Parses one file's bytes into a document, or says why it cannot be indexed. */
export async function parseDocument(
  id: string,
  bytes: Uint8Array,
  limits: ExtractLimits,
  progress?: Progress,
): Promise<CorpusDocument | SkippedFile> {
  const format = formatOf(id);
  if (!format) return { id, reason: 'unsupported file type', problem: 'wrong-type' };
  if (bytes.length === 0) return { id, reason: 'empty file', problem: 'no-text' };
  const sniffed = sniff(bytes);
  const mismatch = contentMismatch(format, sniffed);
  if (mismatch) return { id, reason: mismatch, problem: 'wrong-type' };
  let extracted: ExtractedText;
  try {
    extracted = await extractText(format, sniffed.content === 'text' ? sniffed.text : bytes, limits, progress);
  } catch (error) {
    if (error instanceof DecodedTooLarge)
      return {
        id,
        reason: `its compressed streams expand to more than ${formatSize(error.budget)} (EXTRACT_MAX_DECODED_MB)`,
        problem: 'too-costly',
      };
    if (error instanceof ZipRefused) return { id, reason: error.message, problem: 'too-costly' };
    if (error instanceof NoTextLayer) {
      const fix = error.ocr === 'off' ? 'set OCR=auto and install tesseract-ocr' : 'install tesseract-ocr and poppler-utils';
      const have = error.pages.length === 1 ? 'has' : 'have';
      return {
        id,
        reason: `${pageList(error.pages)} of ${path.posix.basename(id)} ${have} no text layer; ${fix} to read them`,
        problem: 'no-text',
      };
    }
    // Memory the operating system refused (see ./sandbox): the sandbox says which limit it was.
    if (error instanceof RangeError && /allocation failed/i.test(error.message)) throw error;
    return { id, reason: `unreadable ${format.toUpperCase()}`, problem: 'no-text' };
  }
  const { text, declaredTitle } = extracted;
  const cleaned = cleanText(text, limits.cleaning);
  if (cleaned === '') return { id, reason: 'no text left after cleaning', problem: 'no-text' };
  const fallbackTitle = path.posix.basename(id).replace(/\.[^.]+$/, '');
  return {
    id,
    title: declaredTitle?.trim() || titleFromText(cleaned, fallbackTitle),
    text: cleaned,
    format,
    hash: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
  };
}

export function isDocument(value: CorpusDocument | SkippedFile): value is CorpusDocument {
  return 'text' in value;
}

/**
 * Every document under `corpusDir`, each file read in the extraction sandbox,
 * except a file whose bytes hash as those of the same document in `parsed`
 * (the index in service): its text is taken from there. A file is parsed once,
 * when it is new or changed, so a slow one costs its time once, not at every
 * later build.
 */
export async function loadCorpus(
  corpusDir: string,
  limits: SandboxLimits,
  parsed: ReadonlyMap<string, CorpusDocument> = new Map(),
  onStep?: ReadingStep,
): Promise<LoadedCorpus> {
  const info = await stat(corpusDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new AppError('corpus_empty', `Corpus folder not found: ${corpusDir}. Put ${usualExtensions()} files there.`);
  }
  const { files, links } = await listEntries(corpusDir);
  files.sort();
  const documents: CorpusDocument[] = [];
  // A link could pull in a file from outside the corpus, and a dangling one names a file that is not there.
  const skipped: SkippedFile[] = links
    .map((link) => documentId(corpusDir, link))
    .filter((id) => formatOf(id))
    .sort()
    .map((id) => ({ id, reason: 'a symbolic link (links are not followed; copy the file in instead)', problem: 'wrong-type' }));
  const extractor = sandboxedExtractor(limits, onStep);
  try {
    for (const file of files) {
      const id = documentId(corpusDir, file);
      if (!formatOf(id)) continue; // other files (README of a sub-folder's images, etc.) are not documents
      const before = parsed.get(id);
      if (before && (await hashFile(file).catch(() => undefined)) === before.hash) {
        documents.push(before);
        continue;
      }
      const result = await extractor.parse(id, file);
      if (isDocument(result)) documents.push(result);
      else skipped.push(result);
    }
  } finally {
    await extractor.close();
  }
  return { documents, skipped };
}
