/**
 * `npm run mcp`: the corpus as an MCP server over stdio (see lib/mcp/server.ts), for an assistant or IDE that
 * starts it as a subprocess. stdout carries the protocol only; anything said to a person goes to stderr.
 * It serves the configured index (STORE, INDEX_DIR or DATABASE_URL) and follows rebuilds as the app does.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { getConfig } from '@/lib/config';
import { createMcpServer } from '@/lib/mcp/server';
import { storeBackend } from '@/lib/store';
import { runCli } from './lib/cli';

runCli(async () => {
  const config = getConfig();
  const server = createMcpServer(config);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.on('end', resolve);
  });
  await server.connect(transport);
  process.stderr.write(`corpus-chat MCP server on stdio, index in ${storeBackend(config).location}\n`);
  await closed;
  await server.close();
  await storeBackend(config).close();
  return 0;
});
