/**
 * One writer at a time across every server of a database: a lease in the
 * build_lease row. A lease, not a session advisory lock, because it survives
 * poolers that hand each transaction another connection (PgBouncer's
 * transaction mode) and can be seen by whoever waits for it. The holder renews
 * it while it works. A holder killed mid-build stops renewing: its lease
 * lapses after LEASE_SECONDS, or at once for a waiter on the same machine,
 * which can see that the holder's process is gone.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { AppError } from '../../errors';
import { alive } from '../../process';
import type { LockWait } from '../types';
import type { Pool } from './connection';

const LEASE_SECONDS = 30;
const RENEW_MS = 10_000;
const POLL_MS = 200;

interface Lease {
  readonly holder: string | null;
  readonly host: string | null;
  readonly pid: number | null;
  readonly started_at: Date | null;
}

export async function withLease<T>(pool: Pool, location: string, waitMs: number, work: () => Promise<T>, onWait?: LockWait): Promise<T> {
  const host = hostname();
  const me = `pid ${process.pid} on ${host} (${randomBytes(3).toString('hex')})`;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const current = (await pool.query<Lease>('SELECT holder, host, pid, started_at FROM build_lease')).rows[0];
    const dead = current?.holder && current.host === host && current.pid !== null && !alive(current.pid) ? current.holder : null;
    const taken = await pool.query(
      `UPDATE build_lease SET holder = $1, host = $2, pid = $3, started_at = now(), expires_at = now() + make_interval(secs => $4)
        WHERE holder IS NULL OR expires_at < now() OR holder = $5 RETURNING holder`,
      [me, host, process.pid, LEASE_SECONDS, dead],
    );
    if (taken.rowCount === 1) break;
    const who = current?.holder ? `${current.holder}, started ${current.started_at?.toISOString() ?? 'just now'}` : 'just finishing';
    if (Date.now() >= deadline) {
      throw new AppError('index_busy', `Another build (${who}) is writing the index in ${location}. Wait for it to finish and try again.`);
    }
    if (!told && current?.holder) {
      told = true;
      onWait?.({ holder: current.holder, startedAt: current.started_at?.toISOString() ?? '' });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const renew = setInterval(() => {
    pool
      .query('UPDATE build_lease SET expires_at = now() + make_interval(secs => $2) WHERE holder = $1', [me, LEASE_SECONDS])
      .catch(() => undefined);
  }, RENEW_MS);
  renew.unref();
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await pool.query(
      'UPDATE build_lease SET holder = NULL, host = NULL, pid = NULL, started_at = NULL, expires_at = NULL WHERE holder = $1',
      [me],
    );
  }
}
