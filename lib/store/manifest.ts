/** What every store records of a version it writes: one manifest shape, one version naming. */
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { FORMAT_VERSION, type Manifest } from './files/format';
import type { IndexContents } from './types';

/** A new version's id: sortable by time, unique by its random tail. */
export function newVersion(now: Date): string {
  return `v${now.toISOString().replace(/[-:.TZ]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/** What newVersion makes; nothing else names a version (nor reaches a folder or a query as one). */
export const VERSION_ID = /^v[0-9]+-[0-9a-f]+$/;

/** A version the store no longer keeps (or never had): what documentAt says of it. */
export function versionGone(version: string): AppError {
  return new AppError(
    'version_gone',
    `Index version ${version.slice(0, 80)} is no longer kept; the answer's own quotes still show what it cited.`,
  );
}

export function manifestOf(
  contents: IndexContents,
  version: string,
  rows: { readonly passagesPerDoc: ReadonlyMap<string, number>; readonly sentences: number },
  files: Manifest['files'],
): Manifest {
  const createdAt = new Date().toISOString();
  return {
    formatVersion: FORMAT_VERSION,
    version,
    createdAt,
    buildMs: Date.now() - contents.startedAt,
    embedder: contents.embedder,
    chunking: contents.chunking,
    hnsw: { m: contents.hnsw.m, efConstruction: contents.hnsw.efConstruction },
    counts: {
      documents: contents.documents.length,
      passages: [...rows.passagesPerDoc.values()].reduce((a, b) => a + b, 0),
      sentences: rows.sentences,
    },
    documents: contents.documents.map((d) => ({
      id: d.id,
      title: d.title,
      hash: d.hash,
      passages: rows.passagesPerDoc.get(d.id) ?? 0,
      bytes: d.bytes,
      indexedAt: contents.indexedAt.get(d.id) ?? createdAt,
    })),
    skipped: [...contents.skipped],
    files,
  };
}
