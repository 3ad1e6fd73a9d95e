import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chunkDocument } from '@/lib/chunking';
import type { CorpusDocument } from '@/lib/corpus';
import { normalize } from '@/lib/embeddings';
import { AppError } from '@/lib/errors';
import { CURRENT_FILE, FILES, type IndexContents, indexHandle, openIndex, openVersion, toMatrix, writeIndex } from '@/lib/index';
import { tempDir } from '../helpers';

const DIMS = 8;

/** Deterministic pseudo-vectors: the store must work without any embedder. */
function fakeVector(seed: number): Float32Array {
  return normalize(Float32Array.from({ length: DIMS }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233)));
}

function contents(texts: string[]): IndexContents {
  const documents: CorpusDocument[] = texts.map((text, i) => ({
    id: `doc${i}.txt`,
    title: `Doc ${i}`,
    text,
    format: 'txt',
    hash: String(i).repeat(64).slice(0, 64),
    bytes: text.length,
  }));
  const chunked = documents.map((d) => chunkDocument(d, { maxWords: 8, overlapWords: 0 }));
  const passages = chunked.flatMap((c) => c.passages);
  const sentences = chunked.flatMap((c) => c.sentences);
  return {
    documents,
    indexedAt: new Map([['doc0.txt', '2026-01-02T03:04:05.000Z']]),
    skipped: [{ id: 'bad.txt', reason: 'empty file', problem: 'no-text' }],
    passages,
    sentences,
    passageVectors: toMatrix(
      passages.map((_, i) => fakeVector(i)),
      DIMS,
    ),
    sentenceVectors: toMatrix(
      sentences.map((_, i) => fakeVector(100 + i)),
      DIMS,
    ),
    embedder: { id: 'fake', dimensions: DIMS, reason: 'test' },
    chunking: { maxWords: 8, overlapWords: 0, pipeline: 1 },
    hnsw: { m: 8, efConstruction: 50 },
    startedAt: Date.now(),
  };
}

const TEXTS = [
  'Germany refused to deliver weapons. It sent a field hospital instead.',
  'Sweden deploys troops on Gotland. Tensions rose in the Baltic.',
];

describe('writeIndex / openIndex', () => {
  it('round-trips documents, passages, sentences and vectors', async () => {
    const dir = await tempDir();
    const input = contents(TEXTS);
    const manifest = await writeIndex(dir, input);
    const index = await openIndex(dir);
    assert.equal(index.manifest.version, manifest.version);
    assert.deepEqual(index.manifest.counts, { documents: 2, passages: input.passages.length, sentences: input.sentences.length });
    assert.deepEqual(index.passages, input.passages);
    assert.deepEqual(index.sentences, input.sentences);
    assert.deepEqual(Array.from(index.passageVectors.data), Array.from(input.passageVectors.data));
    assert.equal(index.document('doc1.txt')?.text, TEXTS[1]);
    assert.deepEqual(index.manifest.skipped, [{ id: 'bad.txt', reason: 'empty file', problem: 'no-text' }]);
    // Each document's size, and when it was first indexed: kept from before, else this build's time.
    assert.deepEqual(
      index.manifest.documents.map((d) => [d.id, d.bytes, d.indexedAt]),
      [
        ['doc0.txt', TEXTS[0]?.length, '2026-01-02T03:04:05.000Z'],
        ['doc1.txt', TEXTS[1]?.length, manifest.createdAt],
      ],
    );
    // The exact vector of passage 2 is its own nearest neighbour.
    const hit = index.searchDense(fakeVector(2), 1, 50)[0];
    assert.equal(hit?.index, 2);
    assert.ok(Math.abs((hit?.score ?? 0) - 1) < 1e-5);
    assert.equal(index.passages[index.searchLexical(['gotland'], 1)[0]?.index ?? -1]?.docId, 'doc1.txt');
  });

  it('stores the suggestions a hook derives from the complete version before it is published', async () => {
    const dir = await tempDir();
    const first = await writeIndex(dir, contents(TEXTS));
    assert.deepEqual((await openIndex(dir)).suggestions, [], 'an index without suggestions has none');
    let seen: { documents: number; live: string } | undefined;
    const second = await writeIndex(dir, contents([...TEXTS, 'Norway joined later.']), async (staged) => {
      const index = await openVersion(staged);
      seen = { documents: index.documents.length, live: (await readFile(path.join(dir, CURRENT_FILE), 'utf8')).trim() };
      return { suggestions: ['What did Norway do?'] };
    });
    assert.deepEqual(seen, { documents: 3, live: first.version }, 'the hook reads the new version while the old one is live');
    const index = await openIndex(dir);
    assert.equal(index.manifest.version, second.version);
    assert.deepEqual(index.suggestions, ['What did Norway do?']);
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

  it('publishes atomically, keeps two versions and clears temp folders of dead builds', async () => {
    const dir = await tempDir();
    const deadTmp = path.join(dir, '.tmp-999999-vdead');
    await mkdir(deadTmp, { recursive: true });
    const versions = [];
    for (let i = 0; i < 3; i++) versions.push((await writeIndex(dir, contents(TEXTS))).version);
    const pointer = (await readFile(path.join(dir, CURRENT_FILE), 'utf8')).trim();
    assert.equal(pointer, versions[2]);
    const entries = (await readdir(dir)).sort();
    assert.deepEqual(entries, [CURRENT_FILE, versions[1], versions[2]].sort());
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

describe('indexHandle', () => {
  it('swaps in a new version and keeps the last good one when a new version is broken', async () => {
    const dir = await tempDir();
    const first = await writeIndex(dir, contents(TEXTS));
    const errors: unknown[] = [];
    const handle = indexHandle(dir, { recheckMs: 0, onReloadError: (e) => errors.push(e) });
    assert.equal((await handle.get()).manifest.version, first.version);
    const second = await writeIndex(dir, contents([...TEXTS, 'A third document appears.']));
    const reloaded = await handle.get();
    assert.equal(reloaded.manifest.version, second.version);
    assert.equal(reloaded.documents.length, 3);
    const third = await writeIndex(dir, contents(TEXTS));
    await truncate(path.join(dir, third.version, FILES.store), 5);
    assert.equal((await handle.get()).manifest.version, second.version);
    assert.equal(errors.length, 1);
  });
});
