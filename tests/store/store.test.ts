import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { CURRENT_FILE, FILES, openIndex, storeBackend, writeIndex } from '@/lib/store';
import { tempDir } from '../helpers';
import { contents as written, TEXTS } from './fixtures';

/** What the files writer takes; the contract test (./contract.test.ts) checks what any store gives back. */
const contents = (texts: readonly string[]) => written(texts).contents;

/** What only the files store does: its folders, checksums and format (the shared contract is in ./contract.test.ts). */
describe('writeIndex / openIndex', () => {
  it('checksums the suggestions like every other file, and a failing hook leaves no temp folder', async () => {
    const dir = await tempDir();
    await writeIndex(dir, contents(TEXTS));
    const second = await writeIndex(dir, contents([...TEXTS, 'Norway joined later.']), async () => ({
      suggestions: ['What did Norway do?'],
    }));
    assert.ok(second.files[FILES.suggestions], 'checksummed like every other file');

    await assert.rejects(
      writeIndex(dir, contents(TEXTS), async () => {
        throw new Error('the hook failed');
      }),
      /the hook failed/,
    );
    assert.equal((await openIndex(dir)).manifest.version, second.version, 'a failing hook publishes nothing');
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.startsWith('.tmp')),
      [],
      'and leaves no temp folder',
    );
  });

  it('publishes atomically, keeps three versions and clears temp folders of dead builds', async () => {
    const dir = await tempDir();
    const deadTmp = path.join(dir, '.tmp-999999-vdead');
    await mkdir(deadTmp, { recursive: true });
    const versions = [];
    for (let i = 0; i < 4; i++) versions.push((await writeIndex(dir, contents(TEXTS))).version);
    const pointer = (await readFile(path.join(dir, CURRENT_FILE), 'utf8')).trim();
    assert.equal(pointer, versions[3]);
    const entries = (await readdir(dir)).sort();
    assert.deepEqual(entries, [CURRENT_FILE, versions[1], versions[2], versions[3]].sort());
  });

  it('says to run `npm run index` when there is no index', async () => {
    const dir = await tempDir();
    await assert.rejects(
      openIndex(dir),
      (e: unknown) => e instanceof AppError && e.code === 'index_missing' && /npm run index/.test(e.message),
    );
  });

  for (const [name, damage, message] of [
    [
      'truncated vectors',
      async (v: string) => truncate(path.join(v, FILES.passageVectors), 10),
      /passage-vectors\.f32 is 10 bytes, expected \d+ \(truncated\?\)/,
    ],
    [
      'corrupted store',
      async (v: string) => {
        const file = path.join(v, FILES.store);
        const bytes = await readFile(file);
        bytes[20] = (bytes[20] ?? 0) ^ 0xff;
        await writeFile(file, bytes);
      },
      /store\.json does not match its checksum/,
    ],
    ['missing hnsw file', async (v: string) => (await import('node:fs/promises')).rm(path.join(v, FILES.hnsw)), /hnsw\.bin is missing/],
    ['truncated manifest', async (v: string) => truncate(path.join(v, FILES.manifest), 30), /manifest\.json is not valid JSON/],
  ] as const) {
    it(`detects ${name}`, async () => {
      const dir = await tempDir();
      const { version } = await writeIndex(dir, contents(TEXTS));
      await damage(path.join(dir, version));
      await assert.rejects(
        openIndex(dir),
        (e: unknown) => e instanceof AppError && e.code === 'index_corrupt' && message.test(e.message) && /npm run index/.test(e.message),
      );
    });
  }

  it('refuses an index built with another embedder', async () => {
    const dir = await tempDir();
    await writeIndex(dir, contents(TEXTS));
    await assert.rejects(
      openIndex(dir, { expectEmbedder: { id: 'use-lite', dimensions: 512 } }),
      /built with fake \(8-d\) but use-lite is configured/,
    );
  });

  it('refuses an index of another format version', async () => {
    const dir = await tempDir();
    const { version } = await writeIndex(dir, contents(TEXTS));
    const file = path.join(dir, version, FILES.manifest);
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...manifest, formatVersion: 99 }));
    await assert.rejects(openIndex(dir), /written in format 99/);
  });
});

describe('the live handle', () => {
  it('swaps in a new version and keeps the last good one when a new version is broken', async () => {
    const dir = await tempDir();
    const first = await writeIndex(dir, contents(TEXTS));
    const errors: unknown[] = [];
    const handle = storeBackend(loadConfig({ ...process.env, INDEX_DIR: dir, STORE: 'files', STORE_RECHECK_MS: '100' }), (e) =>
      errors.push(e),
    ).handle();
    assert.equal((await handle.get()).manifest.version, first.version);
    const second = await writeIndex(dir, contents([...TEXTS, 'A third document appears.']));
    const reloaded = await handle.refresh();
    assert.equal(reloaded.manifest.version, second.version);
    assert.equal(reloaded.documents.length, 3);
    const third = await writeIndex(dir, contents(TEXTS));
    await truncate(path.join(dir, third.version, FILES.store), 5);
    assert.equal((await handle.refresh()).manifest.version, second.version);
    assert.equal(errors.length, 1);
  });
});
