/**
 * The production HTTP server: Next.js's request handler behind a thin front
 * that answers what Next.js cannot (methods it has no request object for,
 * malformed paths) with JSON, puts the security headers on every response,
 * takes the client's address from the socket unless TRUST_PROXY is set,
 * bounds slow clients, and keeps a client that hangs up mid-body from
 * reaching the process as an uncaught 'aborted' error.
 *
 * Usage: node --import tsx scripts/serve.ts -p PORT [-H HOST]
 */
import './lib/production-env';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { getConfig } from '@/lib/config';
import { SECURITY_HEADERS } from '@/lib/security/headers';
import { requestLineRefusal } from '@/lib/security/routes';

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p', default: '3000' }, hostname: { type: 'string', short: 'H' } } });
const port = Number(values.port);
const config = getConfig();
const app = next({ dev: false, dir: process.cwd(), port, ...(values.hostname ? { hostname: values.hostname } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  // A client that disconnects mid-body makes the request stream emit 'aborted'/'error'; whoever reads the body sees it.
  req.on('error', () => undefined);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const refusal = requestLineRefusal(req.method ?? '', req.url ?? '/');
  if (refusal) {
    res.writeHead(refusal.status, { 'content-type': 'application/json', ...refusal.headers });
    res.end(JSON.stringify({ error: refusal.error }));
    req.resume();
    return;
  }
  if (!config.limits.trustProxy) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? 'unknown';
  void handle(req, res);
});
// Slow-loris: headers must arrive within 20 s; a whole request (an upload included) within 10 minutes.
server.headersTimeout = 20_000;
server.requestTimeout = 600_000;
server.keepAliveTimeout = 5_000;
server.listen(port, values.hostname, () => {
  process.stdout.write(`▲ corpus-chat ready on http://${values.hostname ?? 'localhost'}:${port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
