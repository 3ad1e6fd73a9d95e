import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listFiles } from '@/lib/corpus/walk';
import { tempDir } from '../helpers';

describe('listFiles', () => {
  it('lists files at every depth, leaves hidden names and what they hold out, and follows no link', async () => {
    const root = await tempDir();
    const outside = await tempDir();
    await writeFile(path.join(outside, 'secret.txt'), 'outside the corpus');
    await mkdir(path.join(root, 'a', 'b', 'c'), { recursive: true });
    await mkdir(path.join(root, '.git', 'objects'), { recursive: true });
    await writeFile(path.join(root, 'top.md'), 'x');
    await writeFile(path.join(root, 'a', 'b', 'c', 'deep.txt'), 'x');
    await writeFile(path.join(root, 'a', '.swap.txt'), 'x');
    await writeFile(path.join(root, '.git', 'objects', 'pack.txt'), 'x');
    await symlink(outside, path.join(root, 'linked'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
    const files = (await listFiles(root)).map((f) => path.relative(root, f)).sort();
    assert.deepEqual(files, [path.join('a', 'b', 'c', 'deep.txt'), 'top.md']);
  });

  it('fails on a missing folder, for the caller to say what that means', async () => {
    await assert.rejects(listFiles(path.join(await tempDir(), 'missing')), { code: 'ENOENT' });
  });
});
