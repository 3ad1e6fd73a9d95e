import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { getConfig } from '@/lib/config';
import { errorResponse } from '@/lib/http';
import { createMcpServer } from '@/lib/mcp/server';
import { MCP_BODY_BYTES } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * MCP over Streamable HTTP, stateless: every request gets its own server and transport, so any app server
 * behind a balancer can take any request and nothing is kept between them. proxy.ts has checked the API key
 * and the question rate limit.
 */
async function handle(request: Request): Promise<Response> {
  try {
    const config = getConfig();
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(config.limits.requestTimeoutMs)]);
    const server = createMcpServer(config, signal);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: MCP_BODY_BYTES,
    });
    await server.connect(transport);
    const response = await transport.handleRequest(request);
    // With JSON responses the answer is complete once handleRequest returns.
    void server.close();
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}

export { handle as DELETE, handle as GET, handle as POST };
