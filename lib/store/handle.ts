/**
 * The one piece of process-wide state: the loaded index, reloaded when the
 * store names a new version in service. A request holds the Store it got for
 * its whole life, so a swap never changes data under a request in flight. If
 * a new version cannot be loaded, the last good one keeps serving.
 */
import { errorFields, stderrLogger } from '../log';
import { processWide } from '../memo';
import type { IndexHandle, Store } from './types';

interface HandleState {
  loaded?: { version: string; index: Store };
  loading?: Promise<Store>;
  checkedAt: number;
}

export interface HandleSource {
  /** Loads the version in service. */
  load(): Promise<Store>;
  /** The version in service, cheaply: a pointer file, one row. */
  current(): Promise<string | undefined>;
  readonly recheckMs: number;
}

const handles = processWide('index-handles', () => new Map<string, IndexHandle>());

function createHandle(source: HandleSource, onReloadError: (error: unknown) => void): IndexHandle {
  const state: HandleState = { checkedAt: 0 };
  const load = (): Promise<Store> => {
    state.loading ??= source
      .load()
      .then((index) => {
        state.loaded = { version: index.version, index };
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
      if (state.loaded && Date.now() - state.checkedAt < source.recheckMs) return state.loaded.index;
      return handle.refresh();
    },
    async refresh() {
      const { loaded } = state;
      if (!loaded) return load();
      state.checkedAt = Date.now();
      try {
        const pointer = await source.current();
        if (pointer === undefined || pointer === loaded.version) return loaded.index;
        return await load();
      } catch (error) {
        onReloadError(error);
        return loaded.index;
      }
    },
  };
  return handle;
}

/** The process's handle on the store at `location`, created on first use. */
export function liveHandle(location: string, source: HandleSource, onReloadError?: (error: unknown) => void): IndexHandle {
  let handle = handles.get(location);
  if (!handle) {
    const reportReloadError = (error: unknown) =>
      stderrLogger.log('warn', 'index.reload_failed', { ...errorFields(error), serving: 'previous version' });
    handle = createHandle(source, onReloadError ?? reportReloadError);
    handles.set(location, handle);
  }
  return handle;
}
