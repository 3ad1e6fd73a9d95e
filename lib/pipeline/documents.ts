/**
 * The documents of the index, and taking one back out. A deletion is all or
 * nothing: holding the build lock, the index is rebuilt as if the document's
 * file were gone (every other document keeps its vectors, so nothing is
 * embedded), published, and only then is the file removed from the corpus
 * folder and this process switched to the new version. A build that fails
 * leaves corpus and index as they were; a crash between publishing and
 * removing leaves the file, which the next build indexes again.
 */
import { lstat, realpath, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';
import { AppError } from '../errors';
import { type DocumentFormat, formatOf } from '../corpus/formats';
import { storeBackend } from '../store';
import { buildHoldingLock, withBuildLock } from './build-index';

/** One document as the API, the CLI and the page list it. */
export interface DocumentInfo {
  readonly id: string;
  readonly title: string;
  /** Its format, by the registry's name for it ("docx", "eml"); the file's extension decides, as the loader's did. */
  readonly format: DocumentFormat | 'unknown';
  /** Size of the file in the corpus folder; 0 for an index written before sizes were kept. */
  readonly bytes: number;
  readonly passages: number;
  /** When the document was first indexed (ISO 8601). */
  readonly indexedAt: string;
}

export interface DocumentList {
  readonly documents: DocumentInfo[];
  /** The index version the list was read from. */
  readonly version: string;
}

export interface RemoveResult {
  readonly removed: string;
  readonly index: { readonly documents: number; readonly version: string };
}

export async function listDocuments(config: Config): Promise<DocumentList> {
  const { manifest } = await storeBackend(config).handle().get();
  return {
    version: manifest.version,
    documents: manifest.documents.map((d) => ({
      id: d.id,
      title: d.title,
      format: formatOf(d.id) ?? 'unknown',
      bytes: d.bytes ?? 0,
      passages: d.passages,
      indexedAt: d.indexedAt ?? manifest.createdAt,
    })),
  };
}

/**
 * A document id is a relative path inside the corpus folder, as the corpus loader writes it: forward slashes,
 * no empty, `.` or `..` segments, no hidden files (the loader skips them), no control characters.
 */
function isPlainId(id: string): boolean {
  return id.length > 0 && !/[\\\p{Cc}]/u.test(id) && id.split('/').every((segment) => segment.length > 0 && !segment.startsWith('.'));
}

/**
 * The corpus file of a document, if it is a regular file inside the corpus folder (no link leads out of it);
 * undefined when it is already gone, so the deletion only has the index left to do.
 */
async function corpusFile(corpusDir: string, id: string): Promise<string | undefined> {
  const file = path.join(corpusDir, ...id.split('/'));
  const stat = await lstat(file).catch(() => undefined);
  if (!stat?.isFile()) return undefined;
  const [root, real] = await Promise.all([realpath(corpusDir), realpath(file)]);
  const inside = path.relative(root, real);
  return inside.startsWith('..') || path.isAbsolute(inside) ? undefined : file;
}

/** Removes a document from the index and its file from the corpus folder; the last document cannot be removed. */
export async function removeDocument(config: Config, id: string): Promise<RemoveResult> {
  if (!isPlainId(id)) throw new AppError('bad_request', `"${id}" is not a document id.`);
  return withBuildLock(config, config.indexing.lockWaitMs, async () => {
    // Read under the lock: an upload or deletion that held it before may have changed the index.
    const current = await storeBackend(config).handle().refresh();
    if (!current.document(id)) throw new AppError('not_found', `No document with id "${id}".`);
    if (current.manifest.counts.documents <= 1) {
      throw new AppError('corpus_empty', `"${id}" is the only document; an index needs one, so add another before removing it.`);
    }
    const file = await corpusFile(config.paths.corpusDir, id);
    const build = await buildHoldingLock(config, {}, { without: [id] });
    if (file) await unlink(file);
    await storeBackend(config).handle().refresh();
    return { removed: id, index: { documents: build.manifest.counts.documents, version: build.manifest.version } };
  });
}
