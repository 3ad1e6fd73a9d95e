/**
 * The files backend: versions are folders under INDEX_DIR, CURRENT names the
 * one in service, a lock file admits one writer (see ./write, ./lock).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { liveHandle } from '../handle';
import type { StoreBackend } from '../types';
import { CURRENT_FILE } from './format';
import { acquireBuildLock } from './lock';
import { openIndex, readCurrentManifest, readVersionDocument } from './read';
import { clearDeadBuilds, writeIndex } from './write';

export interface BackendOptions {
  /** How often a handle checks for a version published by another process. */
  readonly recheckMs: number;
  /** What a handle does when a new version fails to load (it keeps serving the last good one); logs by default. */
  readonly onReloadError?: (error: unknown) => void;
}

export function filesBackend(indexDir: string, options: BackendOptions): StoreBackend {
  return {
    location: indexDir,
    holdsDocuments: false,
    open: () => openIndex(indexDir),
    currentManifest: () => readCurrentManifest(indexDir),
    documentAt: (version, id) => readVersionDocument(indexDir, version, id),
    handle: () =>
      liveHandle(
        `files:${indexDir}`,
        {
          load: () => openIndex(indexDir),
          current: () =>
            readFile(path.join(indexDir, CURRENT_FILE), 'utf8').then(
              (text) => text.trim(),
              () => undefined,
            ),
          recheckMs: options.recheckMs,
        },
        options.onReloadError,
      ),
    async exclusive(waitMs, work, onWait) {
      const release = await acquireBuildLock(indexDir, {
        waitMs,
        ...(onWait ? { onWait: (info) => onWait({ holder: `pid ${info.pid} on ${info.host}`, startedAt: info.startedAt }) } : {}),
      });
      try {
        await clearDeadBuilds(indexDir);
        return await work();
      } finally {
        await release();
      }
    },
    write: (contents, onStaged) => writeIndex(indexDir, contents, onStaged),
    // Nothing stays open: vector files close with the Store that read them.
    close: async () => undefined,
  };
}
