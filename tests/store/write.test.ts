import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { clearDeadBuilds, CURRENT_FILE } from '@/lib/store';
import { deadPid, tempDir } from '../helpers';

describe('clearDeadBuilds', () => {
  it('removes the temp folders and pointer files of dead builders and keeps those of live ones', async () => {
    const dir = await tempDir();
    const dead = await deadPid();
    const live = process.pid;
    await mkdir(path.join(dir, `.tmp-${dead}-v20260101000000000-aaaaaa`));
    await writeFile(path.join(dir, `.tmp-${dead}-v20260101000000000-aaaaaa`, 'store.json'), '{}');
    await writeFile(path.join(dir, `${CURRENT_FILE}.${dead}.tmp`), 'v20260101000000000-aaaaaa\n');
    await mkdir(path.join(dir, `.tmp-${live}-v20260101000000001-bbbbbb`));
    await writeFile(path.join(dir, `${CURRENT_FILE}.${live}.tmp`), 'v20260101000000001-bbbbbb\n');
    await mkdir(path.join(dir, 'v20260101000000002-cccccc'));
    await writeFile(path.join(dir, CURRENT_FILE), 'v20260101000000002-cccccc\n');

    await clearDeadBuilds(dir);

    assert.deepEqual(
      (await readdir(dir)).sort(),
      [`.tmp-${live}-v20260101000000001-bbbbbb`, CURRENT_FILE, `${CURRENT_FILE}.${live}.tmp`, 'v20260101000000002-cccccc'].sort(),
    );
  });
});
