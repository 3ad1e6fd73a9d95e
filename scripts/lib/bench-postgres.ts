/**
 * The query bench's corpus in Postgres as well: the files index's documents
 * built again into a Postgres of their own (PGlite with pgvector over TCP,
 * reached with `pg` as the app reaches any server), from the vectors the
 * files index already holds, so nothing is embedded twice and both stores
 * answer from the same vectors. Also what the database takes on disk, per row.
 */
import pg from 'pg';
import { type Config, loadConfig } from '@/lib/config';
import { buildIndex } from '@/lib/pipeline/build-index';
import { type Store, storeBackend } from '@/lib/store';
import { servePglite } from './pglite-server';

export interface PostgresSize {
  readonly passages: number;
  readonly sentences: number;
  /** Bytes of each table with its TOAST and indexes (the passages' HNSW index apart), and of the whole database. */
  readonly bytes: Readonly<Record<'snapshots' | 'passages' | 'postings' | 'sentences' | 'hnsw' | 'total', number>>;
}

export interface PostgresTwin {
  readonly config: Config;
  readonly index: Store;
  readonly buildMs: number;
  readonly size: PostgresSize;
  stop(): Promise<void>;
}

async function sizeOf(url: string, dims: number, index: Store): Promise<PostgresSize> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (text: string) => Number((await client.query<{ n: string }>(text)).rows[0]?.n ?? 0);
    // Tables with their TOAST and their indexes; the HNSW index is counted on its own.
    const table = (name: string) => one(`SELECT pg_total_relation_size('${name}') AS n`);
    const hnsw = await one(`SELECT pg_relation_size('passages_embedding_${dims}') AS n`);
    const bytes = {
      snapshots: await table('snapshots'),
      passages: (await table('passages')) - hnsw,
      postings: await table('passage_terms'),
      sentences: await table('sentences'),
      hnsw,
      total: await one('SELECT pg_database_size(current_database()) AS n'),
    };
    return { passages: index.passages.length, sentences: index.sentences.length, bytes };
  } finally {
    await client.end();
  }
}

export async function postgresTwin(files: Store, config: Config): Promise<PostgresTwin> {
  const db = await servePglite({ port: 0 });
  const pgConfig = loadConfig({
    ...process.env,
    CORPUS_DIR: config.paths.corpusDir,
    INDEX_DIR: config.paths.indexDir,
    MODELS_DIR: config.paths.modelsDir,
    EMBEDDER: config.embeddings.embedder,
    STORE: 'postgres',
    DATABASE_URL: db.url,
  });
  const vectors = new Map<string, Float32Array>();
  for (const doc of files.documents) {
    const stored = await files.storedDocument(doc.id);
    for (const [row, vector] of [...(stored?.passages ?? []), ...(stored?.sentences ?? [])]) vectors.set(row.text, vector);
  }
  const started = performance.now();
  await buildIndex(pgConfig, {}, { precomputed: { embedderId: files.manifest.embedder.id, vectors } });
  const buildMs = performance.now() - started;
  const backend = storeBackend(pgConfig);
  const index = await backend.open();
  return {
    config: pgConfig,
    index,
    buildMs,
    size: await sizeOf(db.url, files.manifest.embedder.dimensions, index),
    async stop() {
      await backend.close();
      await db.stop();
    },
  };
}
