/**
 * The production HTTP server's front (started by scripts/serve.mjs):
 * Next.js's request handler behind a thin layer that answers what Next.js
 * cannot (methods it has no request object for, malformed paths) with JSON,
 * puts the security headers on every response, takes the client's address
 * from the socket unless TRUST_PROXY is set, bounds slow clients, and keeps a
 * client that hangs up mid-body from reaching the process as an uncaught
 * 'aborted' error.
 */
import { createServer } from 'node:http';
import type { NextServer } from 'next/dist/server/next';
import { getConfig } from '@/lib/config';
import { SECURITY_HEADERS } from '@/lib/security/headers';
import { requestLineRefusal } from '@/lib/security/routes';

export function serve(app: NextServer, port: number, hostname: string | undefined): void {
  const config = getConfig();
  const handle = app.getRequestHandler();
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
  server.on('error', (error) => {
    process.stderr.write(`error: cannot listen on ${hostname ?? 'localhost'}:${port}: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    process.stdout.write(`▲ corpus-chat ready on http://${hostname ?? 'localhost'}:${port}\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server.close();
      void app.close().finally(() => process.exit(0));
    });
  }
}
