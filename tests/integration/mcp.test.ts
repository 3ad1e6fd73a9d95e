/**
 * The MCP server driven by the SDK's own client, over stdio (`npm run mcp`) and over Streamable HTTP (/mcp in
 * the production server): the tools it lists, search and ask against POST /api/answer for the same question,
 * the document resource, a wrong API key, and malformed tool calls.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AnswerResponse } from '@/lib/answer';
import { buildIndex } from '@/lib/pipeline/build-index';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { CORPUS, ROOT, tempDir, testConfig } from '../helpers';

const KEY = 'test-key-0123456789';
const QUESTION = 'Why did Germany refuse weapons?';
let indexDir: string;
let open: RunningServer;
let keyed: RunningServer;
const clients: Client[] = [];

before(async () => {
  indexDir = await tempDir();
  await buildIndex(testConfig({ INDEX_DIR: indexDir }));
  [open, keyed] = await Promise.all([
    startServer({ INDEX_DIR: indexDir, CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false' }),
    startServer({ INDEX_DIR: indexDir, CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false', CORPUS_CHAT_API_KEY: KEY }),
  ]);
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([open?.stop(), keyed?.stop()]);
});

async function connect(transport: StdioClientTransport | StreamableHTTPClientTransport): Promise<Client> {
  const client = new Client({ name: 'corpus-chat-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

const stdio = () =>
  connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'scripts', 'mcp.ts')],
      cwd: ROOT,
      env: {
        ...(process.env as Record<string, string>),
        INDEX_DIR: indexDir,
        CORPUS_DIR: CORPUS,
        EMBEDDER: 'use-lite',
        ALLOW_REMOTE_MODELS: 'false',
      },
      stderr: 'pipe',
    }),
  );

const http = (server: RunningServer, key?: string) =>
  connect(
    new StreamableHTTPClientTransport(
      new URL(`${server.url}/mcp`),
      key ? { requestInit: { headers: { Authorization: `Bearer ${key}` } } } : {},
    ),
  );

async function viaApi(body: unknown): Promise<AnswerResponse> {
  const response = await fetch(`${open.url}/api/answer`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as AnswerResponse;
}

for (const [name, client] of [
  ['stdio', stdio],
  ['Streamable HTTP', () => http(open)],
] as const) {
  describe(`MCP over ${name}`, () => {
    let mcp: Client;
    before(async () => {
      mcp = await client();
    });

    it('lists the three tools and the document resources', async () => {
      const { tools } = await mcp.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['ask', 'list_documents', 'search']);
      const ask = tools.find((t) => t.name === 'ask');
      assert.equal(ask?.inputSchema.type, 'object');
      assert.ok(ask?.inputSchema.properties && 'question' in ask.inputSchema.properties && 'messages' in ask.inputSchema.properties);
      const { resources } = await mcp.listResources();
      assert.equal(resources.length, 5);
      assert.ok(resources.some((r) => r.uri === 'corpus://documents/001_a7bb7fa174f8eb78.txt'));
    });

    it('search returns the passages /api/answer retrieves for the same question', async () => {
      const result = await mcp.callTool({ name: 'search', arguments: { query: QUESTION } });
      assert.notEqual(result.isError, true);
      const api = await viaApi({ question: QUESTION });
      const passages = (result.structuredContent as { passages: AnswerResponse['passages'] }).passages;
      assert.ok(passages.length > 0);
      assert.deepEqual(
        passages,
        api.passages.map((p) => ({ doc: p.doc, title: p.title, start: p.start, end: p.end, score: p.score, text: p.text })),
      );
      assert.match(JSON.stringify(result.content), /001_a7bb7fa174f8eb78\.txt, chars \d+-\d+, score/);
    });

    it('ask returns the cited answer /api/answer gives, and a follow-up from messages', async () => {
      const result = await mcp.callTool({ name: 'ask', arguments: { question: QUESTION } });
      const answer = result.structuredContent as unknown as AnswerResponse;
      assert.deepEqual(answer, await viaApi({ question: QUESTION }));
      assert.equal(answer.refused, false);
      assert.match(answer.answer, /Lambrecht.*\[1\]/s);
      const text = (result.content as { type: string; text: string }[])[0]?.text ?? '';
      assert.match(text, /Sources:\n\[1\] Russians and Brits to discuss Ukraine in Moscow \(001_a7bb7fa174f8eb78\.txt, chars \d+-\d+\)/);
      const messages = [
        { role: 'user' as const, content: QUESTION },
        { role: 'assistant' as const, content: answer.answer },
        { role: 'user' as const, content: 'Who said so?' },
      ];
      const followUp = await mcp.callTool({ name: 'ask', arguments: { messages } });
      assert.deepEqual(followUp.structuredContent, await viaApi({ messages }));
    });

    it('ask refuses what the documents do not cover, with its confidence', async () => {
      const result = await mcp.callTool({ name: 'ask', arguments: { question: 'What is the population of Canada?' } });
      const answer = result.structuredContent as unknown as AnswerResponse;
      assert.equal(answer.refused, true);
      assert.equal(answer.confidence, 'none');
      assert.match((result.content as { text: string }[])[0]?.text ?? '', /^Not answered from the documents \(confidence none\)/);
    });

    it('lists the documents and reads one as a resource, as GET /api/documents/{id} does', async () => {
      const listed = await mcp.callTool({ name: 'list_documents', arguments: {} });
      const documents = (listed.structuredContent as { documents: { id: string }[] }).documents;
      assert.equal(documents.length, 5);
      const read = await mcp.readResource({ uri: 'corpus://documents/001_a7bb7fa174f8eb78.txt' });
      const api = (await (await fetch(`${open.url}/api/documents/001_a7bb7fa174f8eb78.txt`)).json()) as { text: string };
      assert.equal((read.contents[0] as { text: string }).text, api.text);
      await assert.rejects(mcp.readResource({ uri: 'corpus://documents/nothing.txt' }), /No document with id "nothing\.txt"/);
    });

    it('answers a malformed call with an MCP error and keeps serving', async () => {
      const wrongType = await mcp.callTool({ name: 'ask', arguments: { question: 42 } });
      assert.equal(wrongType.isError, true);
      assert.match(JSON.stringify(wrongType.content), /Input validation error/);
      // Neither question nor messages: the API's own words.
      const neither = await mcp.callTool({ name: 'ask', arguments: {} });
      assert.equal(neither.isError, true);
      assert.match(JSON.stringify(neither.content), /expected \{\\"question\\": \\"...\\"\} or \{\\"messages\\"/);
      const empty = await mcp.callTool({ name: 'search', arguments: { query: '  ' } });
      assert.equal(empty.isError, true);
      assert.match(JSON.stringify(empty.content), /question must not be empty/);
      const unknown = await mcp.callTool({ name: 'delete_everything', arguments: {} });
      assert.equal(unknown.isError, true);
      assert.match(JSON.stringify(unknown.content), /Tool delete_everything not found/);
      const again = await mcp.callTool({ name: 'ask', arguments: { question: QUESTION } });
      assert.equal((again.structuredContent as unknown as AnswerResponse).refused, false);
    });
  });
}

describe('MCP over HTTP with an API key', () => {
  it('is refused without the key or with a wrong one, and served with the right one', async () => {
    await assert.rejects(http(keyed), /401|API key/);
    await assert.rejects(http(keyed, 'wrong-key-0123456789'), /401|API key/);
    const mcp = await http(keyed, KEY);
    const result = await mcp.callTool({ name: 'ask', arguments: { question: QUESTION } });
    assert.equal((result.structuredContent as unknown as AnswerResponse).refused, false);
  });
});
