/**
 * Uploads end to end: save the accepted files into the corpus, bring the
 * index up to date (waiting for any build already running), and switch this
 * process to the new version at once.
 */
import type { Config } from '../config';
import { saveUploads, type UploadedFile, type UploadOutcome } from '../corpus/upload';
import { indexHandle } from '../index';
import { buildIndex } from './build-index';

export interface AddDocumentsResult {
  readonly results: UploadOutcome[];
  /** The index after the rebuild, or as it was when nothing new was added. */
  readonly index?: { readonly documents: number; readonly version: string; readonly embedded: number };
}

export async function addDocuments(config: Config, files: readonly UploadedFile[]): Promise<AddDocumentsResult> {
  const results = await saveUploads(config.paths.corpusDir, files, config.uploads.maxFileBytes);
  const added = results.some((r) => r.status === 'added' || r.status === 'renamed');
  if (!added) {
    const current = await indexHandle(config.paths.indexDir).get().catch(() => undefined);
    return current ? { results, index: { documents: current.manifest.counts.documents, version: current.manifest.version, embedded: 0 } } : { results };
  }
  const build = await buildIndex(config, {}, { lockWaitMs: config.indexing.lockWaitMs });
  await indexHandle(config.paths.indexDir).refresh();
  return { results, index: { documents: build.manifest.counts.documents, version: build.manifest.version, embedded: build.embedded } };
}
