/**
 * A large corpus of real text already on this machine — package READMEs and
 * docs under node_modules, Debian's /usr/share/doc, Python's bundled docs —
 * copied into a folder for benchmarks. Deterministic: the same machine gives
 * the same documents in the same order.
 */
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const ROOTS = ['node_modules', '/usr/share/doc', '/usr/lib/python3', '/usr/local/lib', '/root/.pyenv/versions'];
const TEXT = /\.(md|markdown|txt|rst)$|^readme$/i;

export interface ScaleCorpus {
  readonly dir: string;
  readonly documents: number;
  readonly bytes: number;
  /** Files found beyond the ones copied, for adding "one more document". */
  readonly spare: readonly string[];
}

async function walk(dir: string, out: string[], depth = 0): Promise<void> {
  if (depth > 12) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(full, out, depth + 1);
    else if (entry.isFile() && TEXT.test(entry.name)) out.push(full);
  }
}

export async function buildScaleCorpus(target: string, count: number, sizes: { min: number; max: number }): Promise<ScaleCorpus> {
  const candidates: string[] = [];
  for (const root of ROOTS) await walk(root, candidates);
  const seen = new Set<string>();
  const picked: string[] = [];
  const spare: string[] = [];
  let bytes = 0;
  for (const file of candidates) {
    const info = await stat(file).catch(() => undefined);
    if (!info || info.size < sizes.min || info.size > sizes.max) continue;
    const content = await readFile(file);
    if (content.includes(0)) continue;
    const hash = createHash('sha256').update(content).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    if (picked.length < count) {
      picked.push(file);
      bytes += info.size;
    } else if (spare.length < 10) spare.push(file);
    else break;
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
