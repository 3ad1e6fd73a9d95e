/**
 * Adds uploaded files to the corpus folder safely: only .txt, .md, .html and
 * .pdf whose bytes really are text or PDF, within the size limit, under a
 * sanitised name that cannot leave the folder. The same content already in the
 * corpus is reported as such; a name taken by other content gets a new name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatOf } from './formats';
import { documentId, parseDocument } from './load';

export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export type UploadOutcome =
  | { readonly name: string; readonly status: 'added'; readonly id: string }
  | { readonly name: string; readonly status: 'renamed'; readonly id: string }
  | { readonly name: string; readonly status: 'duplicate'; readonly id: string }
  | { readonly name: string; readonly status: 'rejected'; readonly reason: string; readonly code: 'too_large' | 'unsupported' | 'unreadable' };

export const ACCEPTED_EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.pdf'] as const;
const MAX_NAME = 120;

/** A file name that is a single, ordinary path segment: no folders, no dots up front, no control characters. */
export function safeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[ .]+|[ .]+$/g, '');
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? cleaned.slice(dot).toLowerCase() : '';
  const stem = (dot > 0 ? cleaned.slice(0, dot) : cleaned).slice(0, MAX_NAME - ext.length).trim() || 'document';
  return `${stem}${ext}`;
}

async function corpusHashes(corpusDir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && formatOf(entry.name)) hashes.set(createHash('sha256').update(await readFile(full)).digest('hex'), documentId(corpusDir, full));
    }
  };
  await walk(corpusDir);
  return hashes;
}

/** Writes without ever replacing an existing file: a temporary file hard-linked into place fails if the name is taken. */
async function writeNew(target: string, bytes: Uint8Array): Promise<boolean> {
  const tmp = path.join(path.dirname(target), `.upload-${randomBytes(6).toString('hex')}`);
  await writeFile(tmp, bytes);
  try {
    await link(tmp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}

function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

export async function saveUploads(corpusDir: string, files: readonly UploadedFile[], maxFileBytes: number): Promise<UploadOutcome[]> {
  await mkdir(corpusDir, { recursive: true });
  const known = await corpusHashes(corpusDir);
  const outcomes: UploadOutcome[] = [];
  for (const file of files) {
    const name = safeFileName(file.name);
    const reject = (reason: string, code: 'too_large' | 'unsupported' | 'unreadable') => outcomes.push({ name: file.name, status: 'rejected', reason, code });
    if (file.bytes.length > maxFileBytes) {
      reject(`${file.name} is ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB; the limit is ${(maxFileBytes / 1024 / 1024).toFixed(0)} MB per file.`, 'too_large');
      continue;
    }
    const ext = path.extname(name).toLowerCase();
    if (!(ACCEPTED_EXTENSIONS as readonly string[]).includes(ext)) {
      reject(`${file.name}: only ${ACCEPTED_EXTENSIONS.join(', ')} files are accepted.`, 'unsupported');
      continue;
    }
    const parsed = await parseDocument(name, file.bytes);
    if (!('text' in parsed)) {
      reject(`${file.name} was refused: ${parsed.reason}.`, parsed.problem === 'wrong-type' ? 'unsupported' : 'unreadable');
      continue;
    }
    const duplicate = known.get(parsed.hash);
    if (duplicate) {
      outcomes.push({ name: file.name, status: 'duplicate', id: duplicate });
      continue;
    }
    let candidate = name;
    for (let n = 2; !(await writeNew(path.join(corpusDir, candidate), file.bytes)); n++) candidate = numbered(name, n);
    known.set(parsed.hash, candidate);
    outcomes.push({ name: file.name, status: candidate === name ? 'added' : 'renamed', id: candidate });
  }
  return outcomes;
}
