/** The store a configuration names (STORE): files under INDEX_DIR, or a shared Postgres database. */
import type { Config } from '../config';
import { filesBackend } from './files/backend';
import { postgresBackend } from './postgres/backend';
import type { StoreBackend } from './types';

export function storeBackend(config: Pick<Config, 'paths' | 'store'>, onReloadError?: (error: unknown) => void): StoreBackend {
  const { store } = config;
  const options = { recheckMs: store.recheckMs, ...(onReloadError ? { onReloadError } : {}) };
  if (store.kind === 'postgres' && store.databaseUrl) return postgresBackend(store.databaseUrl, { ...options, poolSize: store.poolSize });
  return filesBackend(config.paths.indexDir, options);
}
