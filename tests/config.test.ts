import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '@/lib/config';
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
  });

  it('docs/configuration.md is generated from the schema and up to date (npm run docs:config)', async () => {
    const committed = await readFile(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    assert.equal(committed, renderConfigDoc(), 'docs/configuration.md is stale: run npm run docs:config');
  });
});
