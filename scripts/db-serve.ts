/**
 * `npm run db:serve`: a local Postgres with pgvector for trying STORE=postgres
 * with nothing installed (PGlite behind pglite-socket, see
 * scripts/lib/pglite-server.ts). Listens on 127.0.0.1:PGPORT (default 5432),
 * keeps its data in `--data DIR` (default data/postgres) and runs until Ctrl-C.
 * For production, use a real Postgres with pgvector (docs/scale-out.md).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, UsageError } from './lib/cli';
import { servePglite } from './lib/pglite-server';

const USAGE = 'usage: [PGPORT=5432] npm run db:serve [-- --data DIR]';

runCli(async () => {
  let values: { data?: string };
  try {
    ({ values } = parseArgs({ options: { data: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const port = Number(process.env.PGPORT ?? '5432');
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UsageError(`PGPORT must be a port number, not "${process.env.PGPORT}"\n${USAGE}`);
  const dataDir = path.resolve(values.data ?? path.join('data', 'postgres'));
  let server: Awaited<ReturnType<typeof servePglite>>;
  try {
    server = await servePglite({ port, dataDir });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is in use; set PGPORT to another\n${USAGE}`);
    throw error;
  }
  process.stderr.write(
    [
      `Postgres with pgvector (PGlite) on 127.0.0.1:${server.port}, data in ${path.relative(process.cwd(), dataDir) || '.'}`,
      'Use it with:',
      `  export STORE=postgres DATABASE_URL=${server.url}`,
      '  npm run index && npm start',
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  return 0;
});
