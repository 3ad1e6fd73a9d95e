/**
 * One index writer at a time: INDEX_DIR/.build.lock holds the builder's pid.
 * A second builder waits for it (or gives up after `waitMs` with a message
 * naming the holder); a lock whose process is gone — a build killed with
 * SIGKILL — is stale and cleared.
 */
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { AppError } from '../../errors';
import { alive } from '../../process';

export const LOCK_FILE = '.build.lock';
const UNREADABLE_GRACE_MS = 5000;

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

async function holder(file: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export interface LockOptions {
  /** How long to wait for another build; 0 gives up at once. */
  readonly waitMs: number;
  /** Called once when a live lock makes this build wait. */
  readonly onWait?: (holder: LockInfo) => void;
}

export type Release = () => Promise<void>;

export async function acquireBuildLock(indexDir: string, options: LockOptions): Promise<Release> {
  await mkdir(indexDir, { recursive: true });
  const file = path.join(indexDir, LOCK_FILE);
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await holder(file);
    // An unreadable lock is stale once old enough (its writer died between creating and filling it);
    // a young one may still be being written. A lock from another machine cannot be checked.
    const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? 0);
    if ((!current && age > UNREADABLE_GRACE_MS) || (current && current.host === hostname() && !alive(current.pid))) {
      await rm(file, { force: true });
      continue;
    }
    const who = current ? `pid ${current.pid}, started ${current.startedAt}` : 'starting';
    if (Date.now() >= deadline) {
      throw new AppError('index_busy', `Another build (${who}) is writing ${indexDir}. Wait for it to finish and try again.`);
    }
    if (!told && current) {
      told = true;
      options.onWait?.(current);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
