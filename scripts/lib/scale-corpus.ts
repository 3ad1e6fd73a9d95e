/**
 * A large corpus of real text already on this machine — package READMEs and
 * docs under node_modules, Debian's /usr/share/doc, Python's bundled docs —
 * copied into a folder for benchmarks. Deterministic: the same machine gives
 * the same documents in the same order.
 */
import { createHash } from 'node:crypto';
import { copyFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '@/lib/corpus/walk';

const ROOTS = ['node_modules', '/usr/share/doc', '/usr/lib/python3', '/usr/local/lib', '/root/.pyenv/versions'];
const TEXT = /\.(md|markdown|txt|rst)$|^readme$/i;

export interface ScaleCorpus {
  readonly dir: string;
  readonly documents: number;
  readonly bytes: number;
  /** Files found beyond the ones copied, for adding "one more document". */
  readonly spare: readonly string[];
}

const MAX_DEPTH = 13;
/** Sizes that make up a corpus larger than the machine has files of the asked sizes. */
const WIDER = { min: 256, max: 64 * 1024 };

/** Text files under a root in a fixed order (folder by folder, names in locale order); none when it cannot be read. */
async function textFiles(root: string): Promise<string[]> {
  const segmented = (await listFiles(root).catch(() => []))
    .map((file) => path.relative(root, file).split(path.sep))
    .filter((segments) => segments.length <= MAX_DEPTH && TEXT.test(segments[segments.length - 1] ?? ''));
  segmented.sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = (a[i] ?? '').localeCompare(b[i] ?? '');
      if (order !== 0) return order;
    }
    return a.length - b.length;
  });
  return segmented.map((segments) => path.join(root, ...segments));
}

/**
 * `count` distinct text files of `sizes`, in a fixed order; when the machine has fewer, files of any size
 * from 256 bytes to 64 KB make up the rest (after all of the first kind, so a smaller corpus is unchanged).
 */
export async function buildScaleCorpus(target: string, count: number, sizes: { min: number; max: number }): Promise<ScaleCorpus> {
  const candidates: string[] = [];
  for (const root of ROOTS) candidates.push(...(await textFiles(root)));
  const seen = new Set<string>();
  const picked: string[] = [];
  const spare: string[] = [];
  let bytes = 0;
  for (const range of [sizes, WIDER]) {
    for (const file of candidates) {
      if (picked.length >= count && spare.length >= 10) break;
      const info = await stat(file).catch(() => undefined);
      if (!info || info.size < range.min || info.size > range.max) continue;
      const content = await readFile(file);
      if (content.includes(0)) continue;
      const hash = createHash('sha256').update(content).digest('hex');
      if (seen.has(hash)) continue;
      seen.add(hash);
      if (picked.length < count) {
        picked.push(file);
        bytes += info.size;
      } else spare.push(file);
    }
  }
  for (const [i, file] of picked.entries()) await copyFile(file, path.join(target, scaleName(i, file)));
  return { dir: target, documents: picked.length, bytes, spare };
}

/** A unique, ordinary file name with an extension the loader reads. */
export function scaleName(i: number, file: string): string {
  const base = path
    .basename(file)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/\.(rst|markdown)$/i, '.txt');
  const named = /\.(md|txt)$/i.test(base) ? base : `${base}.txt`;
  return `${String(i).padStart(5, '0')}-${named}`;
}
