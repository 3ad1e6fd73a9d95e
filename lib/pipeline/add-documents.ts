/**
 * Uploads end to end, all or nothing: judge each staged file (in the
 * extraction sandbox) and embed the accepted ones, then, holding the build
 * lock, drop duplicates of what the corpus holds, build the index with the new
 * documents and only then put their files into the corpus and switch this
 * process to the new version. A build that fails or a lock that cannot be had
 * leaves the corpus as it was.
 */
import { mkdir } from 'node:fs/promises';
import type { Config } from '../config';
import { judgeUploads, placeFiles, planPlacements, type UploadOutcome } from '../corpus/upload';
import { storeBackend } from '../store';
import type { StagedFile } from '../multipart';
import { buildHoldingLock, embedAhead, withBuildLock } from './build-index';

export interface AddDocumentsResult {
  readonly results: UploadOutcome[];
  /** The index after the rebuild, or as it was when nothing new was added. */
  readonly index?: { readonly documents: number; readonly version: string; readonly embedded: number };
}

async function currentIndex(config: Config): Promise<AddDocumentsResult['index']> {
  const current = await storeBackend(config)
    .handle()
    .get()
    .catch(() => undefined);
  return current ? { documents: current.manifest.counts.documents, version: current.manifest.version, embedded: 0 } : undefined;
}

export async function addDocuments(config: Config, files: readonly StagedFile[]): Promise<AddDocumentsResult> {
  const judged = await judgeUploads(files, config.uploads.maxFileBytes, config.extraction);
  const unchanged = async (results: UploadOutcome[]): Promise<AddDocumentsResult> => {
    const index = await currentIndex(config);
    return index ? { results, index } : { results };
  };
  if (!judged.some((j) => 'document' in j)) return unchanged(judged as UploadOutcome[]);
  const corpusDir = config.paths.corpusDir;
  await mkdir(corpusDir, { recursive: true });
  // Embedding is most of an upload's time and needs no lock: other builds and uploads go on meanwhile.
  const precomputed = await embedAhead(
    config,
    judged.flatMap((j) => ('document' in j ? [j.document] : [])),
  );
  return withBuildLock(config, config.indexing.lockWaitMs, async () => {
    // What the index in service knows spares hashing the whole corpus again; a first upload has no index yet.
    const indexed = await storeBackend(config)
      .currentManifest()
      .then(
        (manifest) => new Map(manifest.documents.map((d) => [d.id, d])),
        () => new Map(),
      );
    const { outcomes, placements } = await planPlacements(corpusDir, judged, indexed);
    if (placements.length === 0) return unchanged(outcomes);
    const build = await buildHoldingLock(config, {}, { extra: placements.map((p) => p.document), precomputed });
    await placeFiles(corpusDir, placements);
    await storeBackend(config).handle().refresh();
    return {
      results: outcomes,
      index: { documents: build.manifest.counts.documents, version: build.manifest.version, embedded: build.embedded },
    };
  });
}
