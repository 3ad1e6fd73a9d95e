import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AppError } from '@/lib/errors';
import { acquireBuildLock, LOCK_FILE } from '@/lib/store/files/lock';
import { deadPid, tempDir } from '../helpers';

describe('build lock', () => {
  it('lets one builder in and tells the second who holds it', async () => {
    const dir = await tempDir();
    const release = await acquireBuildLock(dir, { waitMs: 0 });
    await assert.rejects(
      acquireBuildLock(dir, { waitMs: 0 }),
      (e: unknown) => e instanceof AppError && e.code === 'index_busy' && e.message.includes(`pid ${process.pid}`),
    );
    await release();
    const again = await acquireBuildLock(dir, { waitMs: 0 });
    await again();
  });

  it('makes a second builder wait until the first releases', async () => {
    const dir = await tempDir();
    const release = await acquireBuildLock(dir, { waitMs: 0 });
    let waited = false;
    const second = acquireBuildLock(dir, { waitMs: 5000, onWait: () => (waited = true) });
    setTimeout(() => void release(), 300);
    const releaseSecond = await second;
    assert.equal(waited, true);
    await releaseSecond();
  });

  it('clears a stale lock left by a killed process', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: await deadPid(), host: hostname(), startedAt: new Date().toISOString() }),
    );
    const release = await acquireBuildLock(dir, { waitMs: 0 });
    await release();
  });
});
