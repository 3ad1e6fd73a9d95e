/**
 * /mcp takes JSON-RPC messages of the Model Context Protocol; the SDK's transport parses and validates them,
 * and each tool's arguments are checked by the API's own schema (lib/request) in lib/mcp/server.ts.
 */
import { JSON_BODY_LIMIT } from '@/lib/http';

/** A tool call carries at most a conversation: the same limit as /api/answer's body. */
export const MCP_BODY_BYTES = JSON_BODY_LIMIT;
