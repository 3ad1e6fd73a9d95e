import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigError, loadConfig, loadSettings, settingsSchema } from '@/lib/config';
import { renderConfigDoc } from '../scripts/lib/config-doc';
import { ROOT } from './helpers';

describe('configuration', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({}, '/srv/app');
    assert.equal(config.paths.corpusDir, '/srv/app/corpus');
    assert.equal(config.llm.provider, 'none');
    assert.equal(config.uploads.maxFileBytes, 10 * 1024 * 1024);
    assert.ok(Object.isFrozen(config.retrieval));
  });

  it('names each invalid variable', () => {
    assert.throws(
      () => loadConfig({ HNSW_M: 'lots' }),
      (e: unknown) => e instanceof ConfigError && /HNSW_M/.test(e.message),
    );
    assert.throws(() => loadConfig({ EMBEDDER: 'gpt' }), /EMBEDDER/);
    assert.throws(() => loadConfig({ CHUNK_MAX_WORDS: '50', CHUNK_OVERLAP_WORDS: '60' }), /CHUNK_OVERLAP_WORDS must be smaller/);
    assert.throws(() => loadConfig({ LLM_PROVIDER: 'openai' }), /LLM_MODEL is required/);
    assert.throws(() => loadConfig({ LLM_PROVIDER: 'openai-compatible', LLM_MODEL: 'm' }), /LLM_BASE_URL is required/);
    assert.throws(() => loadConfig({ STORE: 'postgres' }), /DATABASE_URL is required when STORE=postgres/);
    assert.throws(() => loadConfig({ STORE: 'postgres', DATABASE_URL: 'mysql://h/db' }), /DATABASE_URL: must be a postgres:\/\/ URL/);
    assert.equal(
      loadConfig({ STORE: 'postgres', DATABASE_URL: 'postgres://u:p@db:5432/chat' }).store.databaseUrl,
      'postgres://u:p@db:5432/chat',
    );
  });

  it('reads API_KEY as the API key, never ignoring it', () => {
    assert.equal(loadConfig({ API_KEY: 'an-api-key-1' }).limits.apiKey, 'an-api-key-1');
    assert.equal(loadConfig({ API_KEY: 'an-api-key-1', CORPUS_CHAT_API_KEY: 'an-api-key-1' }).limits.apiKey, 'an-api-key-1');
    assert.throws(
      () => loadConfig({ API_KEY: 'an-api-key-1', CORPUS_CHAT_API_KEY: 'another-key-2' }),
      /API_KEY and CORPUS_CHAT_API_KEY are both set and differ/,
    );
    assert.throws(() => loadConfig({ API_KEY: 'short' }), /CORPUS_CHAT_API_KEY/);
  });

  it('listens on this machine only unless HOST says otherwise', () => {
    assert.equal(loadConfig({}).server.host, '127.0.0.1');
    assert.deepEqual(loadConfig({ ALLOWED_HOSTS: ' Chat.Example.org, ,.corp.example ' }).server.allowedHosts, [
      'chat.example.org',
      '.corp.example',
    ]);
  });

  it('docs/configuration.md is generated from the schema and up to date (npm run docs:config)', async () => {
    const committed = await readFile(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    assert.equal(committed, renderConfigDoc(), 'docs/configuration.md is stale: run npm run docs:config');
  });
});

describe('a new setting', () => {
  // What adding a setting takes: one schema entry, here in a copy of the real schema.
  const schema = settingsSchema.extend({
    extra: z.object({
      shards: z.coerce.number().int().min(1).max(64).default(4).meta({ env: 'EXTRA_SHARDS', description: 'Shards of the test store.' }),
    }),
  });

  it('is read from its variable, typed, defaulted and validated', () => {
    const read = loadSettings(schema, { EXTRA_SHARDS: '8' }, '/srv/app');
    const shards: number = read.extra.shards;
    // @ts-expect-error the inferred type is a number, not any
    const wrong: string = read.extra.shards;
    assert.equal(shards, 8);
    assert.equal(wrong, 8);
    assert.equal(loadSettings(schema, {}, '/srv/app').extra.shards, 4);
    assert.equal(loadSettings(schema, {}, '/srv/app').paths.corpusDir, '/srv/app/corpus', 'the real settings are still there');
    assert.throws(() => loadSettings(schema, { EXTRA_SHARDS: '100' }, '/srv/app'), /EXTRA_SHARDS: .*64/);
  });

  it('is documented', () => {
    const row = renderConfigDoc(schema)
      .split('\n')
      .find((line) => line.startsWith('| `EXTRA_SHARDS`'));
    assert.equal(row, '| `EXTRA_SHARDS` | `4` | whole number, 1–64 | Shards of the test store. |');
  });

  it('cannot be added without its variable and description', () => {
    const bare = settingsSchema.extend({ extra: z.object({ shards: z.coerce.number().default(4) }) });
    assert.throws(() => loadSettings(bare, {}, '/srv/app'), /extra\.shards has no env or description/);
  });
});
