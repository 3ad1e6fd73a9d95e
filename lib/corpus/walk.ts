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
  return (await listEntries(root)).files;
}

/** The regular files under `root` (as listFiles) and the links, which are never followed but are worth a word. */
export async function listEntries(root: string): Promise<{ files: string[]; links: string[] }> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const links: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (
      path
        .relative(root, file)
        .split(path.sep)
        .some((segment) => segment.startsWith('.'))
    )
      continue;
    (entry.isFile() ? files : links).push(file);
  }
  return { files, links };
}
