/**
 * One connection pool per database and process, migrated before first use.
 * Failing to reach the database is a user-facing AppError (store_unavailable)
 * that names the server, never the password.
 */
import pg from 'pg';
import { AppError, isAppError } from '../../errors';
import { errorFields, stderrLogger } from '../../log';
import { processWide } from '../../memo';
import { migrate } from './migrations';

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

/** Errors of the connection, not of a statement: the server is down, unknown or shutting down. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  '57P01',
  '57P03',
  '3D000',
  '28P01',
]);

/** The URL without its password, for messages and logs. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres://(invalid URL)';
  }
}

/** Turns a connection failure into store_unavailable; anything else passes through. */
export function unavailable(url: string, error: unknown): unknown {
  if (isAppError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return new AppError('store_unavailable', `The database at ${redacted(url)} cannot be reached (${code}).`, {
      hint: 'Check DATABASE_URL, or start a local one with `npm run db:serve`.',
      cause: error,
    });
  }
  return error;
}

interface Entry {
  readonly pool: Pool;
  /** Settles once the schema is migrated; dropped on failure, so a later call retries. */
  ready?: Promise<Pool>;
}

const entries = processWide('postgres-pools', () => new Map<string, Entry>());

/** The process's pool for `url`, with the schema migrated to this version's. */
export function poolFor(url: string, size: number): Promise<Pool> {
  let entry = entries.get(url);
  if (!entry) {
    const pool = new pg.Pool({ connectionString: url, max: size, idleTimeoutMillis: 30_000, allowExitOnIdle: true });
    // An idle client's connection dropping is reported here, not to a query; the pool replaces it.
    pool.on('error', (error) => stderrLogger.log('warn', 'store.connection_lost', { ...errorFields(error), database: redacted(url) }));
    entry = { pool };
    entries.set(url, entry);
  }
  const current = entry;
  current.ready ??= migrate(current.pool).then(
    () => current.pool,
    (error: unknown) => {
      current.ready = undefined;
      throw unavailable(url, error);
    },
  );
  return current.ready;
}

/** Closes the process's pool for `url` (tests, scripts that exit). */
export async function closePool(url: string): Promise<void> {
  const entry = entries.get(url);
  entries.delete(url);
  await entry?.pool.end();
}

/** Runs `use` on the process's pool for `url`; an unreachable database is reported as store_unavailable, whichever statement met it. */
export async function withPool<T>(url: string, size: number, use: (pool: Pool) => Promise<T>): Promise<T> {
  try {
    return await use(await poolFor(url, size));
  } catch (error) {
    throw unavailable(url, error);
  }
}
