/**
 * The Postgres backend: versions, rows and vectors in a database with
 * pgvector that any number of app servers share (see docs/scale-out.md).
 * Each server polls the one-row `service` table for the version in service.
 */
import { AppError, INDEX_HINT } from '../../errors';
import type { BackendOptions } from '../files/backend';
import { liveHandle } from '../handle';
import type { StoreBackend } from '../types';
import { closePool, type Pool, redacted, withPool as withDatabase } from './connection';
import { withLease } from './lease';
import { openPgVersion, pgVersionDocument, servedVersion, versionHead } from './read';
import { writePgVersion } from './write';

export interface PostgresOptions extends BackendOptions {
  readonly poolSize: number;
}

export function postgresBackend(url: string, options: PostgresOptions): StoreBackend {
  const location = redacted(url);
  const withPool = <T>(use: (pool: Pool) => Promise<T>): Promise<T> => withDatabase(url, options.poolSize, use);
  const current = () => withPool(servedVersion);
  const served = async (pool: Pool): Promise<string> => {
    const version = await servedVersion(pool);
    if (!version) throw new AppError('index_missing', `No index found in ${location}.`, { hint: INDEX_HINT.build });
    return version;
  };
  const open = () => withPool(async (pool) => openPgVersion(pool, await served(pool)));
  return {
    location,
    holdsDocuments: true,
    open,
    currentManifest: () => withPool(async (pool) => (await versionHead(pool, await served(pool))).manifest),
    documentAt: (version, id) => withPool((pool) => pgVersionDocument(pool, version, id)),
    handle: () => liveHandle(`postgres:${url}`, { load: open, current, recheckMs: options.recheckMs }, options.onReloadError),
    exclusive: (waitMs, work, onWait) => withPool((pool) => withLease(pool, location, waitMs, work, onWait)),
    write: (contents, onStaged) => withPool((pool) => writePgVersion(pool, contents, onStaged)),
    close: () => closePool(url),
  };
}
