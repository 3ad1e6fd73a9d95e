/**
 * The one directory walker: the loader, uploads and the benchmark's scale
 * corpus all list files through it, so they agree on what a folder holds.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every regular file under `root`, as full paths in no particular order. A name
 * that starts with a dot is hidden with all it holds (editor swap files, .git).
 * Links are not followed, so a link cannot pull files from outside `root` in.
 */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.flatMap((entry) => {
    if (!entry.isFile()) return [];
    const file = path.join(entry.parentPath, entry.name);
    return path
      .relative(root, file)
      .split(path.sep)
      .some((segment) => segment.startsWith('.'))
      ? []
      : [file];
  });
}
