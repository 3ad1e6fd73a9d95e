/**
 * The official `openai` npm client against the running server, unchanged:
 * non-streaming and streaming completions, the model list, OpenAI-style
 * errors; and the optional API key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { buildIndex } from '@/lib/pipeline/build-index';
import { startServer, type RunningServer } from '../../scripts/lib/server';
import { CORPUS, tempDir, testConfig } from '../helpers';

const KEY = 'test-key-0123456789';
let open: RunningServer;
let keyed: RunningServer;

before(async () => {
  const indexDir = await tempDir();
  await buildIndex(testConfig({ INDEX_DIR: indexDir }));
  [open, keyed] = await Promise.all([
    startServer({ INDEX_DIR: indexDir, CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false' }),
    startServer({ INDEX_DIR: indexDir, CORPUS_DIR: CORPUS, ALLOW_UPLOADS: 'false', CORPUS_CHAT_API_KEY: KEY }),
  ]);
});

after(() => Promise.all([open?.stop(), keyed?.stop()]));

const client = (server: RunningServer, apiKey = 'unused') => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });

describe('OpenAI-compatible API', () => {
  it('answers a non-streaming completion with citations and Sources', async () => {
    const completion = await client(open).chat.completions.create({
      model: 'corpus-chat',
      messages: [{ role: 'user', content: 'Why did Germany refuse weapons?' }],
    });
    const content = completion.choices[0]?.message.content ?? '';
    assert.match(content, /Lambrecht.*\[1\]/s);
    assert.match(content, /\n\nSources:\n\[1\] Russians and Brits to discuss Ukraine in Moscow \(001_a7bb7fa174f8eb78\.txt\)/);
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    const extension = (
      completion as unknown as {
        corpus_chat: { citations: { doc: string; start: number; end: number }[]; refused: boolean; support: number };
      }
    ).corpus_chat;
    assert.equal(extension.refused, false);
    assert.ok(extension.support > 0 && extension.support <= 1, `support: ${extension.support}`);
    assert.equal(extension.citations[0]?.doc, '001_a7bb7fa174f8eb78.txt');
  });

  it('streams a completion whose pieces add up to the answer with Sources', async () => {
    const stream = await client(open).chat.completions.create({
      model: 'corpus-chat',
      stream: true,
      messages: [{ role: 'user', content: 'Why did Germany refuse weapons?' }],
    });
    let content = '';
    let chunks = 0;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      content += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.ok(chunks >= 3);
    assert.equal(finish, 'stop');
    assert.match(content, /Lambrecht.*\[1\].*\n\nSources:\n\[1\] .*001_a7bb7fa174f8eb78\.txt/s);
  });

  it('follows a conversation and ignores sampling parameters', async () => {
    const completion = await client(open).chat.completions.create({
      model: 'corpus-chat',
      temperature: 0.2,
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What did Liz Truss warn about?' },
        { role: 'assistant', content: 'She warned that a Russian invasion would only lead to a terrible quagmire and loss of life.' },
        { role: 'user', content: 'Which earlier wars did she compare it to?' },
      ],
    });
    assert.match(completion.choices[0]?.message.content ?? '', /Afghanistan/);
  });

  it('lists its model and refuses what it cannot do the way OpenAI does', async () => {
    const models = await client(open).models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['corpus-chat'],
    );
    await assert.rejects(
      client(open).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      (e: unknown) => e instanceof OpenAI.NotFoundError && /does not exist/.test(e.message),
    );
    await assert.rejects(
      client(open).chat.completions.create({ model: 'corpus-chat', n: 2, messages: [{ role: 'user', content: 'hi' }] }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && /n=1/.test(e.message),
    );
    await assert.rejects(
      client(open).chat.completions.create({ model: 'corpus-chat', messages: [] }),
      (e: unknown) => e instanceof OpenAI.BadRequestError,
    );
  });
});

describe('API key', () => {
  const ask = (headers: Record<string, string>) =>
    fetch(`${keyed.url}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ question: 'Why did Germany refuse weapons?' }),
    });

  it('refuses requests without the right key with 401, and serves them with it', async () => {
    const none = await ask({});
    assert.equal(none.status, 401);
    assert.match((await none.json()).error, /needs an API key/);
    const wrong = await ask({ authorization: 'Bearer not-the-key' });
    assert.equal(wrong.status, 401);
    await wrong.arrayBuffer();
    const right = await ask({ authorization: `Bearer ${KEY}` });
    assert.equal(right.status, 200);
    assert.match((await right.json()).answer, /Lambrecht/);
    await assert.rejects(client(keyed, 'wrong-key-xxxxx').models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError);
    assert.equal((await client(keyed, KEY).models.list()).data[0]?.id, 'corpus-chat');
  });
});
