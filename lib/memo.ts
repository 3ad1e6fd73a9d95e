/**
 * A per-process cache of async results by key. A rejected promise is dropped,
 * so a later call can succeed once the cause (a missing model, no index) is fixed.
 */
export function promiseCache<T>(): (key: string, create: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, Promise<T>>();
  return (key, create) => {
    let entry = entries.get(key);
    if (!entry) {
      entry = create();
      entry.catch(() => entries.delete(key));
      entries.set(key, entry);
    }
    return entry;
  };
}
