/** Feedback in the Postgres store: one row per entry in the `feedback` table (migration 2), appended only. */
import { type FeedbackEntry, type FeedbackLog, latestById } from '../feedback';
import { type Pool, poolFor, redacted, unavailable } from './connection';

export function postgresFeedback(url: string, poolSize: number): FeedbackLog {
  const withPool = async <T>(use: (pool: Pool) => Promise<T>): Promise<T> => {
    try {
      return await use(await poolFor(url, poolSize));
    } catch (error) {
      throw unavailable(url, error);
    }
  };
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
