/**
 * Uploaded files on their way into the corpus folder: only the extensions the
 * loader reads (./extensions) whose bytes really are text or PDF (read in the extraction
 * sandbox), within the size limit, under a sanitised name that cannot leave
 * the folder. Judging happens on staged copies; the caller places the accepted
 * ones only once the index that includes them is published, so a failed
 * upload leaves nothing in the corpus.
 */
import { constants } from 'node:fs';
import { copyFile, link, lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import unhomoglyph from 'unhomoglyph';
import type { StagedFile } from '../multipart';
import { DOCUMENT_EXTENSIONS, formatOf } from './formats';
import { hashFile } from './hash';
import { documentId, isDocument } from './load';
import { sandboxedExtractor, type SandboxLimits } from './sandbox';
import type { CorpusDocument } from './types';
import { listFiles } from './walk';
import { formatSize } from '../text/size';

export type RejectionCode = 'too_large' | 'unsupported' | 'unreadable' | 'confusable';

export type UploadOutcome =
  | { readonly name: string; readonly status: 'added'; readonly id: string }
  | { readonly name: string; readonly status: 'renamed'; readonly id: string }
  | { readonly name: string; readonly status: 'duplicate'; readonly id: string }
  | { readonly name: string; readonly status: 'rejected'; readonly reason: string; readonly code: RejectionCode };

/** A file that passed every check, parsed under its sanitised name. */
export interface AcceptedUpload {
  readonly name: string;
  readonly file: string;
  readonly document: CorpusDocument;
}

export type JudgedUpload = AcceptedUpload | Extract<UploadOutcome, { status: 'rejected' }>;

/** A document to place in the corpus under `document.id`. */
export interface Placement {
  readonly file: string;
  readonly document: CorpusDocument;
}

const MAX_NAME = 120;

/** A file name that is a single, ordinary path segment: no folders, no dots up front, no control characters. */
export function safeFileName(name: string): string {
  // NFKC: compatibility forms (full-width letters, ligatures, superscripts) become the letters they stand for.
  const base = name.normalize('NFKC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/\p{Cc}/gu, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[ .]+|[ .]+$/g, '');
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? cleaned.slice(dot).toLowerCase() : '';
  const stem = (dot > 0 ? cleaned.slice(0, dot) : cleaned).slice(0, MAX_NAME - ext.length).trim() || 'document';
  return `${stem}${ext}`;
}

/** Each staged file on its own: size, type by name and by content, text left after cleaning. Order is kept. */
export async function judgeUploads(files: readonly StagedFile[], maxFileBytes: number, limits: SandboxLimits): Promise<JudgedUpload[]> {
  const extractor = sandboxedExtractor(limits);
  try {
    const judged: JudgedUpload[] = [];
    for (const file of files) {
      const name = safeFileName(file.name);
      const reject = (reason: string, code: RejectionCode) => judged.push({ name: file.name, status: 'rejected', reason, code });
      if (file.tooLarge || file.bytes > maxFileBytes) {
        reject(
          `${file.name} is over the limit of ${formatSize(maxFileBytes)} per file${file.tooLarge ? '' : ` (${formatSize(file.bytes)})`}.`,
          'too_large',
        );
        continue;
      }
      if (!formatOf(name)) {
        reject(`${file.name}: only ${DOCUMENT_EXTENSIONS.join(', ')} files are accepted.`, 'unsupported');
        continue;
      }
      const parsed = await extractor.parse(name, file.path);
      if (isDocument(parsed)) judged.push({ name: file.name, file: file.path, document: parsed });
      else reject(`${file.name} was refused: ${parsed.reason}.`, parsed.problem === 'wrong-type' ? 'unsupported' : 'unreadable');
    }
    return judged;
  } finally {
    await extractor.close();
  }
}

/** What the index says a corpus file held when it was last built. */
export interface IndexedFile {
  readonly hash: string;
  /** Absent in an index written before sizes were kept. */
  readonly bytes?: number;
}

/**
 * The content hash of every document file in the corpus, keyed by hash. The
 * index already knows the hash of each file it holds; only a file it does not
 * know, or whose size differs from what it knows, is read and hashed here.
 */
async function corpusHashes(corpusDir: string, indexed: ReadonlyMap<string, IndexedFile>): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const files = await listFiles(corpusDir).catch(() => []);
  for (const file of files) {
    const id = documentId(corpusDir, file);
    if (!formatOf(id)) continue;
    const known = indexed.get(id);
    const size = known?.bytes === undefined ? undefined : (await stat(file).catch(() => undefined))?.size;
    const hash = known && size === known.bytes ? known.hash : await hashFile(file).catch(() => undefined);
    if (hash) hashes.set(hash, id);
  }
  return hashes;
}

function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** Whether anything has the name, a link that points nowhere included (`access` follows links, and would say no). */
const taken = (file: string) =>
  lstat(file).then(
    () => true,
    () => false,
  );

/**
 * Unicode's confusable skeleton (UTS #39): two names with the same skeleton look alike ("001_a7bb.txt" with a
 * Latin or a Cyrillic "a"), so people could not tell in lists and citations which document is which.
 */
export function skeleton(name: string): string {
  return unhomoglyph(name.normalize('NFD')).normalize('NFD');
}

/**
 * Decides, under the build lock, what each accepted upload becomes: a
 * duplicate of content already in the corpus (or earlier in the same upload),
 * or a new document under its name or, when the name is taken, a numbered one.
 */
export async function planPlacements(
  corpusDir: string,
  judged: readonly JudgedUpload[],
  indexed: ReadonlyMap<string, IndexedFile>,
): Promise<{ outcomes: UploadOutcome[]; placements: Placement[] }> {
  const known = await corpusHashes(corpusDir, indexed);
  const chosen = new Set<string>();
  const lookalikes = new Map([...known.values(), ...indexed.keys()].map((id) => [skeleton(id), id]));
  const outcomes: UploadOutcome[] = [];
  const placements: Placement[] = [];
  for (const item of judged) {
    if (!('document' in item)) {
      outcomes.push(item);
      continue;
    }
    const duplicate = known.get(item.document.hash);
    if (duplicate) {
      outcomes.push({ name: item.name, status: 'duplicate', id: duplicate });
      continue;
    }
    const name = item.document.id;
    const lookalike = lookalikes.get(skeleton(name));
    if (lookalike !== undefined && lookalike !== name) {
      outcomes.push({
        name: item.name,
        status: 'rejected',
        reason: `${item.name} was refused: its name looks the same as ${lookalike}, already in the corpus, but is spelt with other characters. Rename it.`,
        code: 'confusable',
      });
      continue;
    }
    let id = name;
    for (let n = 2; chosen.has(id) || (await taken(path.join(corpusDir, id))); n++) id = numbered(name, n);
    chosen.add(id);
    lookalikes.set(skeleton(id), id);
    known.set(item.document.hash, id);
    placements.push({ file: item.file, document: id === name ? item.document : { ...item.document, id } });
    outcomes.push({ name: item.name, status: id === name ? 'added' : 'renamed', id });
  }
  return { outcomes, placements };
}

/** Puts staged files into the corpus under their ids, never replacing a file. */
export async function placeFiles(corpusDir: string, placements: readonly Placement[]): Promise<void> {
  for (const { file, document } of placements) {
    const target = path.join(corpusDir, document.id);
    try {
      await link(file, target);
    } catch (error) {
      // Staging may sit on another file system than the corpus.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(file, target, constants.COPYFILE_EXCL);
    }
  }
}
