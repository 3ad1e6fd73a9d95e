/**
 * The production HTTP server's front (started by scripts/serve.mjs):
 * Next.js's request handler behind a thin layer that answers what Next.js
 * should not see (Host names the server was not started for, targets that are
 * not paths, methods it has no request object for, malformed paths; see
 * lib/security/front) with JSON,
 * puts the security headers on every response, takes the client's address
 * from the socket unless TRUST_PROXY is set, bounds slow clients, and keeps a
 * client that hangs up mid-body from reaching the process as an uncaught
 * 'aborted' error.
 */
import { createServer } from 'node:http';
import type { NextServer } from 'next/dist/server/next';
import { getConfig } from '@/lib/config';
import { SECURITY_HEADERS } from '@/lib/security/headers';
import { sweepStaging } from '@/lib/corpus';
import { frontRefusal, isLoopback } from '@/lib/security/front';

export function serve(app: NextServer, port: number): void {
  const config = getConfig();
  const hostname = config.server.host;
  if (!isLoopback(hostname) && !config.limits.apiKey)
    process.stderr.write(
      `warning: listening on ${hostname} without CORPUS_CHAT_API_KEY: anyone on the network can ask questions${
        config.server.allowAnonymousWrites
          ? ', and upload and delete documents (ALLOW_ANONYMOUS_WRITES=true)'
          : '; uploads and deletions are refused'
      }. Set CORPUS_CHAT_API_KEY to protect it.\n`,
    );
  // Uploads a killed server left half-received.
  void sweepStaging(config).catch(() => undefined);
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    // A client that disconnects mid-body makes the request stream emit 'aborted'/'error'; whoever reads the body sees it.
    req.on('error', () => undefined);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const refusal = frontRefusal({ method: req.method ?? '', target: req.url ?? '/', headers: req.headers }, config);
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
    process.stderr.write(`error: cannot listen on ${hostname}:${port}: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    process.stdout.write(`▲ corpus-chat ready on http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server.close();
      void app.close().finally(() => process.exit(0));
    });
  }
}
