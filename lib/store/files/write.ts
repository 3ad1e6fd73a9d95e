/**
 * Writes a complete index version into a temporary folder, then publishes it
 * by renaming the folder and atomically replacing CURRENT. A build that fails
 * or is killed at any point leaves the previous version live and loadable.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Passage, Sentence } from '../../chunking';
import { AppError } from '../../errors';
import { tokenize } from '../../text/tokenize';
import { buildBm25 } from './bm25';
import { manifestOf, newVersion } from '../manifest';
import { CURRENT_FILE, FILES, type Manifest, type StoreFile } from './format';
import { buildHnsw } from './hnsw';
import { alive } from '../../process';
import { openVersion } from './read';
import type { IndexContents, StagedVersionHook, StoredDocument } from '../types';
import { matrixBytes, toMatrix } from './matrix';

/**
 * How many published versions to keep: the live one and the two before it, which a server may still be
 * reading and whose text answers given a moment ago cite (StoreBackend.documentAt).
 */
const KEEP_VERSIONS = 3;

async function writeDurable(file: string, data: string | Uint8Array): Promise<{ bytes: number; sha256: string }> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every row of the version with its vector, document by document: fresh ones, or kept from the previous version. */
interface Flat {
  readonly passages: Passage[];
  readonly sentences: Sentence[];
  readonly passageVectors: Float32Array[];
  readonly sentenceVectors: Float32Array[];
}

async function flatten(contents: IndexContents): Promise<Flat> {
  const flat: Flat = { passages: [], sentences: [], passageVectors: [], sentenceVectors: [] };
  for (const doc of contents.documents) {
    const rows: StoredDocument | undefined = contents.fresh.get(doc.id) ?? (await contents.previous?.storedDocument(doc.id));
    if (!rows) throw new Error(`document ${doc.id} is neither embedded by this build nor in the previous version`);
    for (const [passage, vector] of rows.passages) {
      flat.passages.push(passage);
      flat.passageVectors.push(vector);
    }
    for (const [sentence, vector] of rows.sentences) {
      flat.sentences.push(sentence);
      flat.sentenceVectors.push(vector);
    }
  }
  return flat;
}

function storeFile(contents: IndexContents, flat: Flat): StoreFile {
  const docIndex = new Map(contents.documents.map((d, i) => [d.id, i]));
  const position = (docId: string) => {
    const i = docIndex.get(docId);
    if (i === undefined) throw new Error(`passage refers to unknown document ${docId}`);
    return i;
  };
  return {
    documents: contents.documents.map(({ id, title, text, format, hash, bytes }) => ({ id, title, text, format, hash, bytes })),
    passages: flat.passages.map((p) => [position(p.docId), p.ordinal, p.start, p.end]),
    sentences: flat.sentences.map((s) => [position(s.docId), s.start, s.end]),
  };
}

/**
 * Removes what builds that died left behind: their temporary version folders and
 * CURRENT pointer files, named with the dead builder's pid. Called by whoever
 * holds the build lock, before it knows whether it will write anything, so an
 * up-to-date build clears them too.
 */
export async function clearDeadBuilds(indexDir: string): Promise<void> {
  const entries = await readdir(indexDir, { withFileTypes: true });
  const pointer = new RegExp(`^${CURRENT_FILE}\\.(\\d+)\\.tmp$`);
  for (const entry of entries) {
    const owner = (entry.isDirectory() ? /^\.tmp-(\d+)-/ : pointer).exec(entry.name)?.[1];
    if (owner !== undefined && !alive(Number(owner))) await rm(path.join(indexDir, entry.name), { recursive: true, force: true });
  }
}

/** Removes versions older than the last KEEP_VERSIONS and anything dead builds left. */
async function collectGarbage(indexDir: string, current: string): Promise<void> {
  const entries = await readdir(indexDir, { withFileTypes: true });
  const versions = entries
    .filter((e) => e.isDirectory() && /^v\d+-[0-9a-f]+$/.test(e.name))
    .map((e) => e.name)
    .sort();
  const keep = new Set([current, ...versions.filter((v) => v !== current).slice(-(KEEP_VERSIONS - 1))]);
  for (const version of versions) {
    if (!keep.has(version)) await rm(path.join(indexDir, version), { recursive: true, force: true });
  }
  await clearDeadBuilds(indexDir);
}

/** Writes and publishes a new index version; returns its manifest. */
export async function writeIndex(indexDir: string, contents: IndexContents, onStaged?: StagedVersionHook): Promise<Manifest> {
  await mkdir(indexDir, { recursive: true });
  const version = newVersion(new Date());
  const tmp = path.join(indexDir, `.tmp-${process.pid}-${version}`);
  await mkdir(tmp);
  try {
    const flat = await flatten(contents);
    const files: Manifest['files'] = {};
    const put = async (name: string, data: string | Uint8Array) => {
      files[name] = await writeDurable(path.join(tmp, name), data);
    };
    await put(FILES.store, JSON.stringify(storeFile(contents, flat)));
    const passageVectors = toMatrix(flat.passageVectors, contents.embedder.dimensions);
    await put(FILES.passageVectors, matrixBytes(passageVectors));
    await put(FILES.sentenceVectors, matrixBytes(toMatrix(flat.sentenceVectors, contents.embedder.dimensions)));
    await put(FILES.bm25, JSON.stringify(buildBm25(flat.passages.map((p) => tokenize(p.text)))));
    const hnswTmp = path.join(tmp, `${FILES.hnsw}.partial`);
    buildHnsw(passageVectors, contents.hnsw).writeIndexSync(hnswTmp);
    await put(FILES.hnsw, await readFile(hnswTmp));
    await rm(hnswTmp);

    const passagesPerDoc = new Map<string, number>();
    for (const p of flat.passages) passagesPerDoc.set(p.docId, (passagesPerDoc.get(p.docId) ?? 0) + 1);
    const manifest = manifestOf(contents, version, { passagesPerDoc, sentences: flat.sentences.length }, files);
    const writeManifest = () => writeDurable(path.join(tmp, FILES.manifest), JSON.stringify(manifest, null, 2));
    await writeManifest();
    if (onStaged) {
      const { suggestions } = await onStaged(await openVersion(tmp));
      await put(FILES.suggestions, JSON.stringify(suggestions));
      await writeManifest();
    }
    await syncDir(tmp);

    await rename(tmp, path.join(indexDir, version));
    const pointerTmp = path.join(indexDir, `${CURRENT_FILE}.${process.pid}.tmp`);
    await writeDurable(pointerTmp, `${version}\n`);
    await rename(pointerTmp, path.join(indexDir, CURRENT_FILE));
    await syncDir(indexDir);
    await collectGarbage(indexDir, version);
    return manifest;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new AppError(
        'disk_full',
        `The disk holding ${indexDir} is full; the index was not changed. Free some space and run \`npm run index\` again.`,
        { cause: error },
      );
    }
    throw error;
  }
}
