/**
 * Per-process caches. Next.js compiles a module once per layer that imports
 * it (the page's server components and the API routes are different layers),
 * so module-level state would exist once per layer: the page and the routes
 * would each load their own index and their own model. What must be one per
 * process is therefore kept on globalThis, under a symbol for its name.
 */
export function processWide<T>(name: string, create: () => T): T {
  const registry = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`corpus-chat:${name}`);
  const existing = registry[key];
  if (existing !== undefined) return existing;
  const created = create();
  registry[key] = created;
  return created;
}

/**
 * A process-wide cache of async results by key. A rejected promise is dropped,
 * so a later call can succeed once the cause (a missing model, no index) is fixed.
 */
export function promiseCache<T>(name: string): (key: string, create: () => Promise<T>) => Promise<T> {
  const entries = processWide(name, () => new Map<string, Promise<T>>());
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

/**
 * A cache that keeps the `capacity` entries used most recently: what is
 * computed or read per loaded index and used again and again, without
 * growing with the index.
 */
export function recentlyUsed<K, V>(capacity: number, compute: (key: K) => V): (key: K) => V {
  // A Map iterates in insertion order, so re-inserting on use keeps the least recently used first.
  const entries = new Map<K, V>();
  return (key) => {
    const cached = entries.get(key);
    if (cached !== undefined) {
      entries.delete(key);
      entries.set(key, cached);
      return cached;
    }
    const value = compute(key);
    entries.set(key, value);
    if (entries.size > capacity) entries.delete(entries.keys().next().value as K);
    return value;
  };
}
