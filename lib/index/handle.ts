/**
 * The one piece of process-wide state: the loaded index, reloaded when CURRENT
 * names a new version. A request holds the LoadedIndex it got for its whole
 * life, so a swap never changes data under a request in flight. If a new
 * version cannot be loaded, the last good one keeps serving.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CURRENT_FILE } from './format';
import { openIndex, type LoadedIndex } from './read';

export interface IndexHandle {
  /** The live index; checks CURRENT at most once per `recheckMs`. */
  get(): Promise<LoadedIndex>;
}

interface HandleState {
  loaded?: { version: string; index: LoadedIndex };
  loading?: Promise<LoadedIndex>;
  checkedAt: number;
}

const handles = new Map<string, IndexHandle>();

async function readPointer(indexDir: string): Promise<string | undefined> {
  return readFile(path.join(indexDir, CURRENT_FILE), 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
}

function createHandle(indexDir: string, recheckMs: number, onReloadError: (error: unknown) => void): IndexHandle {
  const state: HandleState = { checkedAt: 0 };
  const load = (): Promise<LoadedIndex> => {
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
  return {
    async get() {
      const { loaded } = state;
      if (!loaded) return load();
      if (Date.now() - state.checkedAt < recheckMs) return loaded.index;
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
}

export function indexHandle(
  indexDir: string,
  options: { recheckMs?: number; onReloadError?: (error: unknown) => void } = {},
): IndexHandle {
  let handle = handles.get(indexDir);
  if (!handle) {
    handle = createHandle(indexDir, options.recheckMs ?? 1000, options.onReloadError ?? (() => undefined));
    handles.set(indexDir, handle);
  }
  return handle;
}
