/**
 * The corpus as a Model Context Protocol server, for assistants and IDEs that call tools: `search` (the
 * passages a question retrieves), `ask` (the cited answer or the refusal), `list_documents`, and each
 * document's cleaned text as the resource corpus://documents/{id}. Served over stdio by `npm run mcp` and
 * over Streamable HTTP at /mcp by the app. Tool arguments are parsed by the HTTP API's own schema
 * (lib/request), so a question the API refuses is refused here with the same words.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { answer, type AnswerResponse } from '../answer';
import { answerContext } from '../answer/context';
import type { Config } from '../config';
import { AppError } from '../errors';
import { listDocuments } from '../pipeline/documents';
import { LIMITS, messageSchema, parseAskRequest, type AskRequest } from '../request';
import { storeBackend } from '../store';

export const MCP_SERVER_NAME = 'corpus-chat';
const DOCUMENT_URI = 'corpus://documents/';

/** What the tools advertise; the arguments are then checked by the API's schema (parseAskRequest). */
const k = z.number().int().min(1).max(50).optional().describe("How many passages to retrieve (default: the server's).");
const searchShape = {
  query: z.string().max(LIMITS.questionChars).describe('What to look for, in words: a question or a few terms.'),
  k,
};
const askShape = {
  question: z.string().max(LIMITS.questionChars).optional().describe('One question.'),
  messages: z
    .array(messageSchema)
    .max(LIMITS.messages)
    .optional()
    .describe("Or a conversation whose last message is the user's question (follow-ups are resolved from it)."),
  k,
};

function parsed(input: unknown): AskRequest {
  const result = parseAskRequest(input);
  if (!result.ok) throw new AppError('bad_request', result.error);
  return result.request;
}

/** The answer as text an assistant can read out, with its numbered sources. */
function answerText(response: AnswerResponse): string {
  const sources = response.citations.map((c) => `[${c.id}] ${c.title} (${c.doc}, chars ${c.start}-${c.end}): ${c.text}`);
  const head = response.refused ? `Not answered from the documents (confidence ${response.confidence}).` : '';
  return [head, response.answer, sources.length ? `Sources:\n${sources.join('\n')}` : ''].filter(Boolean).join('\n\n');
}

function uriOf(id: string): string {
  return `${DOCUMENT_URI}${id.split('/').map(encodeURIComponent).join('/')}`;
}

/** A new server for one session (stdio) or one request (stateless HTTP); `signal` ends its answers early. */
export function createMcpServer(config: Config, signal?: AbortSignal): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: '1.0.0' }, { capabilities: { logging: {} } });
  const ask = async (request: AskRequest) => answer(request, await answerContext(config, signal));

  server.registerTool(
    'search',
    {
      title: 'Search the documents',
      description:
        "Finds the passages of the indexed documents that best match a query. Each has the document id, title, character offsets into the document's text and a score.",
      inputSchema: searchShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ query, k: topK }) => {
      const response = await ask(parsed({ question: query, ...(topK ? { k: topK } : {}) }));
      const passages = response.passages.map((p) => ({
        doc: p.doc,
        title: p.title,
        start: p.start,
        end: p.end,
        score: p.score,
        text: p.text,
      }));
      return {
        content: [
          {
            type: 'text',
            text:
              passages
                .map((p, i) => `${i + 1}. ${p.title} (${p.doc}, chars ${p.start}-${p.end}, score ${p.score.toFixed(3)})\n${p.text}`)
                .join('\n\n') || 'No passages found.',
          },
        ],
        structuredContent: { query: response.query, version: response.version, passages },
      };
    },
  );

  server.registerTool(
    'ask',
    {
      title: 'Ask the documents',
      description:
        'Answers a question from the indexed documents only: short, with every claim cited by a numbered source (document, offsets, the cited sentence), or a refusal when the documents do not say. Give `question`, or `messages` for a follow-up.',
      inputSchema: askShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input) => {
      const response = await ask(parsed(input));
      return {
        content: [{ type: 'text', text: answerText(response) }],
        structuredContent: { ...response },
      };
    },
  );

  server.registerTool(
    'list_documents',
    {
      title: 'List the documents',
      description:
        'Every indexed document: id, title, format, size in bytes, passages and when it was indexed. Read one as corpus://documents/{id}.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      const list = await listDocuments(config);
      return {
        content: [{ type: 'text', text: list.documents.map((d) => `${d.id}\t${d.title}`).join('\n') }],
        structuredContent: { ...list },
      };
    },
  );

  server.registerResource(
    'document',
    new ResourceTemplate(`${DOCUMENT_URI}{+id}`, {
      list: async () => ({
        resources: (await listDocuments(config)).documents.map((d) => ({
          uri: uriOf(d.id),
          name: d.id,
          title: d.title,
          mimeType: 'text/plain',
        })),
      }),
    }),
    { title: 'A document', description: "A document's cleaned text, as indexed: citation offsets point into it.", mimeType: 'text/plain' },
    async (uri, variables) => {
      const raw = Array.isArray(variables.id) ? variables.id.join('/') : (variables.id ?? '');
      const id = raw.split('/').map(decodeURIComponent).join('/');
      const doc = (await storeBackend(config).handle().get()).document(id);
      if (!doc) throw new AppError('not_found', `No document with id "${id}".`);
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: doc.text }] };
    },
  );
  return server;
}
