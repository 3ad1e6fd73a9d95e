/**
 * The one piece of process-wide state: the loaded index, reloaded when CURRENT
 * names a new version. A request holds the Store it got for its whole
 * life, so a swap never changes data under a request in flight. If a new
 * version cannot be loaded, the last good one keeps serving.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorFields, stderrLogger } from '../../log';
import { processWide } from '../../memo';
import { CURRENT_FILE } from './format';
import type { Store } from '../types';
import { openIndex } from './read';

export interface IndexHandle {
  /** The live index; checks CURRENT at most once per `recheckMs`. */
  get(): Promise<Store>;
  /** The live index after checking CURRENT now (after a build in this process). */
  refresh(): Promise<Store>;
}

interface HandleState {
  loaded?: { version: string; index: Store };
  loading?: Promise<Store>;
  checkedAt: number;
}

const handles = processWide('index-handles', () => new Map<string, IndexHandle>());

async function readPointer(indexDir: string): Promise<string | undefined> {
  return readFile(path.join(indexDir, CURRENT_FILE), 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
}

function createHandle(indexDir: string, recheckMs: number, onReloadError: (error: unknown) => void): IndexHandle {
  const state: HandleState = { checkedAt: 0 };
  const load = (): Promise<Store> => {
    state.loading ??= openIndex(indexDir)
      .then((index) => {
        state.loaded = { version: index.manifest.version, index };
        state.checkedAt = Date.now();
        return index;
      })
      .finally(() => {
        state.loading = undefined;
      });
    return state.loading;
  };
  const handle: IndexHandle = {
    async get() {
      if (state.loaded && Date.now() - state.checkedAt < recheckMs) return state.loaded.index;
      return handle.refresh();
    },
    async refresh() {
      const { loaded } = state;
      if (!loaded) return load();
      state.checkedAt = Date.now();
      const pointer = await readPointer(indexDir);
      if (pointer === undefined || pointer === loaded.version) return loaded.index;
      try {
        return await load();
      } catch (error) {
        onReloadError(error);
        return loaded.index;
      }
    },
  };
  return handle;
}

export function indexHandle(indexDir: string, options: { recheckMs?: number; onReloadError?: (error: unknown) => void } = {}): IndexHandle {
  let handle = handles.get(indexDir);
  if (!handle) {
    const reportReloadError = (error: unknown) =>
      stderrLogger.log('warn', 'index.reload_failed', { ...errorFields(error), serving: 'previous version' });
    handle = createHandle(indexDir, options.recheckMs ?? 1000, options.onReloadError ?? reportReloadError);
    handles.set(indexDir, handle);
  }
  return handle;
}
