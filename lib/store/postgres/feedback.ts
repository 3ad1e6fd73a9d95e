/** Feedback in the Postgres store: one row per entry in the `feedback` table (migration 2), appended only. */
import { type FeedbackEntry, type FeedbackLog, latestById } from '../feedback';
import { type Pool, redacted, withPool as withDatabase } from './connection';

export function postgresFeedback(url: string, poolSize: number): FeedbackLog {
  const withPool = <T>(use: (pool: Pool) => Promise<T>): Promise<T> => withDatabase(url, poolSize, use);
  return {
    location: `${redacted(url)} (table feedback)`,
    append: (entry) =>
      withPool(async (pool) => {
        await pool.query('INSERT INTO feedback (entry_id, verdict, entry) VALUES ($1, $2, $3)', [entry.id, entry.verdict, entry]);
      }),
    entries: () =>
      withPool(async (pool) => {
        const { rows } = await pool.query<{ entry: FeedbackEntry }>('SELECT entry FROM feedback ORDER BY seq');
        return latestById(rows.map((r) => r.entry));
      }),
  };
}
