// Entry of the production server (`node scripts/serve.mjs -p PORT [-H HOST]`; HOST defaults to 127.0.0.1). Plain JavaScript, so
// that Next.js loads as under `next start`: run under `--import tsx`, tsx's hooks sat in front of every
// module Next.js loads and cost about 95 MB of RSS (308 → 404 MB after the first page and answer).
// Next.js is prepared first; then our front (scripts/serve.ts) is loaded through tsx's scoped loader.
import { parseArgs } from 'node:util';

process.env.NODE_ENV = 'production';
const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p', default: '3000' }, hostname: { type: 'string', short: 'H' } },
});
// -H is HOST for this process: the front reads the bound address from the configuration (lib/config), as the guard does.
if (values.hostname) process.env.HOST = values.hostname;
const { default: next } = await import('next');
const port = Number(values.port);
const app = next({ dev: false, dir: process.cwd(), port, hostname: process.env.HOST || '127.0.0.1' });
await app.prepare();
const { tsImport } = await import('tsx/esm/api');
const { serve } = await tsImport('./serve.ts', import.meta.url);
serve(app, port);
