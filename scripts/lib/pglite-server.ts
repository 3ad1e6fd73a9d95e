/**
 * A real Postgres with pgvector for trials and tests, with nothing installed:
 * PGlite (Postgres compiled to WebAssembly) with the pgvector extension,
 * served over the wire protocol by pglite-socket, so the app connects with the
 * ordinary `pg` driver exactly as it would to a Postgres server.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgliteServer {
  /** postgres://… to put in DATABASE_URL. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface PgliteOptions {
  /** Where the database lives; in memory when absent. */
  readonly dataDir?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** PGlite runs one statement at a time; the socket server queues the connections' statements. */
  readonly maxConnections?: number;
}

export async function servePglite(options: PgliteOptions): Promise<PgliteServer> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { vector } });
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, port: options.port, host, maxConnections: options.maxConnections ?? 100 });
  await server.start();
  const port = Number(server.getServerConn().split(':').at(-1));
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
