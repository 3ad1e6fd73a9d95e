/**
 * The schema, as numbered migrations the app applies itself, in order, each
 * once (schema_migrations records them). Servers that start together take
 * turns through a transaction-scoped advisory lock; a database migrated by a
 * newer version of the app is refused rather than guessed at.
 *
 * Documents are stored as immutable snapshots (one per document content and
 * index settings) with their passages, sentences and the postings of their
 * passages' terms; a version is a list of snapshots, so an unchanged document
 * is kept by reference, not copied.
 */
import { AppError } from '../../errors';
import type { Pool } from './connection';

interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'snapshots, rows, versions, service pointer, build lease',
    sql: `
      CREATE EXTENSION IF NOT EXISTS vector;
      CREATE TABLE snapshots (
        id bigserial PRIMARY KEY,
        doc_id text NOT NULL,
        hash text NOT NULL,
        settings text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        format text NOT NULL,
        bytes integer NOT NULL
      );
      CREATE INDEX snapshots_document ON snapshots (doc_id, hash, settings);
      CREATE TABLE passages (
        snapshot bigint NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        start_at integer NOT NULL,
        end_at integer NOT NULL,
        dims integer NOT NULL,
        terms integer NOT NULL,
        embedding vector NOT NULL,
        PRIMARY KEY (snapshot, ordinal)
      );
      CREATE TABLE passage_terms (
        term text NOT NULL,
        snapshot bigint NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        tf integer NOT NULL,
        terms integer NOT NULL
      );
      CREATE INDEX passage_terms_term ON passage_terms (term) INCLUDE (snapshot, ordinal, tf, terms);
      CREATE INDEX passage_terms_snapshot ON passage_terms (snapshot);
      CREATE TABLE sentences (
        snapshot bigint NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        start_at integer NOT NULL,
        end_at integer NOT NULL,
        embedding vector NOT NULL,
        PRIMARY KEY (snapshot, ordinal)
      );
      CREATE TABLE versions (
        id text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        manifest jsonb NOT NULL,
        suggestions jsonb NOT NULL DEFAULT '[]'
      );
      CREATE TABLE version_documents (
        version text NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
        position integer NOT NULL,
        snapshot bigint NOT NULL REFERENCES snapshots (id),
        PRIMARY KEY (version, position)
      );
      CREATE INDEX version_documents_snapshot ON version_documents (snapshot);
      CREATE TABLE service (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        version text NOT NULL REFERENCES versions (id)
      );
      CREATE TABLE build_lease (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        holder text,
        host text,
        pid integer,
        started_at timestamptz,
        expires_at timestamptz
      );
      INSERT INTO build_lease DEFAULT VALUES;
    `,
  },
  {
    id: 2,
    name: 'feedback on answers',
    sql: `
      CREATE TABLE feedback (
        seq bigserial PRIMARY KEY,
        entry_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        verdict text NOT NULL CHECK (verdict IN ('up', 'down')),
        entry jsonb NOT NULL
      );
      CREATE INDEX feedback_entry ON feedback (entry_id);
    `,
  },
];

/** An arbitrary constant naming this app's migration lock among other users of the database's advisory locks. */
const MIGRATION_LOCK = 72_430_118;

export async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
    const newest = Math.max(0, ...applied);
    const known = Math.max(...MIGRATIONS.map((m) => m.id));
    if (newest > known) {
      throw new AppError(
        'store_unavailable',
        `The database's schema is at migration ${newest}; this version of corpus-chat knows up to ${known}.`,
        {
          hint: 'Upgrade corpus-chat, or point DATABASE_URL at another database.',
        },
      );
    }
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
