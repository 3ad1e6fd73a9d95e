/**
 * Where uploads wait while they are judged and indexed: `.staging/` inside
 * the index folder, on the same file system as the data (so placing a file is
 * a link, not a copy) and never in the shared /tmp. Each folder is named with
 * the pid of the server that made it; a folder whose server died (kill -9
 * mid-upload) is swept when a server starts and before each upload, while
 * live servers' uploads are left alone.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';
import { alive } from '../process';

const STAGING = '.staging';
const OWNED = /^upload-(\d+)-/;

function root(config: Pick<Config, 'paths'>): string {
  return path.join(config.paths.indexDir, STAGING);
}

/** A new, empty staging folder of this process; the caller removes it. */
export async function stagingDir(config: Pick<Config, 'paths'>): Promise<string> {
  await sweepStaging(config);
  await mkdir(root(config), { recursive: true });
  return mkdtemp(path.join(root(config), `upload-${process.pid}-`));
}

/** Removes the staging folders of processes that no longer run; returns how many. */
export async function sweepStaging(config: Pick<Config, 'paths'>): Promise<number> {
  const entries = await readdir(root(config), { withFileTypes: true }).catch(() => []);
  let swept = 0;
  for (const entry of entries) {
    const owner = OWNED.exec(entry.name)?.[1];
    if (owner === undefined || alive(Number(owner))) continue;
    await rm(path.join(root(config), entry.name), { recursive: true, force: true });
    swept++;
  }
  return swept;
}
