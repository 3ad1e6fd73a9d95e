import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chunkDocument } from '@/lib/chunking';
import type { CorpusDocument } from '@/lib/corpus';
import { normalize } from '@/lib/embeddings';
import { AppError } from '@/lib/errors';
import { CURRENT_FILE, FILES, type IndexContents, indexHandle, openIndex, writeIndex } from '@/lib/store';
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
    passageVectors: passages.map((_, i) => fakeVector(i)),
    sentenceVectors: sentences.map((_, i) => fakeVector(100 + i)),
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
    const stored = index.storedDocument('doc1.txt');
    assert.deepEqual(
      stored?.passages.map(([p, v]) => [p, Array.from(v)]),
      input.passages.flatMap((p, i) => (p.docId === 'doc1.txt' ? [[p, Array.from(input.passageVectors[i] ?? [])]] : [])),
    );
    const range = index.passagesOf('doc1.txt');
    assert.deepEqual(
      index.passages.slice(range.from, range.to).map((p) => p.docId),
      input.passages.filter((p) => p.docId === 'doc1.txt').map((p) => p.docId),
    );
    assert.deepEqual(
      stored?.sentences.map(([s, v]) => [s, Array.from(v)]),
      input.sentences.flatMap((s, i) => (s.docId === 'doc1.txt' ? [[s, Array.from(input.sentenceVectors[i] ?? [])]] : [])),
    );
    assert.equal(index.storedDocument('nope.txt'), undefined);
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
    const [hit] = await index.searchDense(fakeVector(2), 1, { efSearch: 50 });
    assert.equal(hit?.index, 2);
    assert.ok(Math.abs((hit?.score ?? 0) - 1) < 1e-5);
    const [lexical] = await index.searchLexical(['gotland'], 1);
    assert.equal(index.passages[lexical?.index ?? -1]?.docId, 'doc1.txt');
  });

  it('answers span and similarity questions about the vectors it keeps private', async () => {
    const dir = await tempDir();
    const input = contents(TEXTS);
    await writeIndex(dir, input);
    const index = await openIndex(dir);
    const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, k) => sum + x * (b[k] ?? 0), 0);
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} ≈ ${b}`);

    // Passage 0 of doc1 holds its first sentences; each located by an offset inside it.
    const doc1 = index.passagesOf('doc1.txt');
    const passage = index.passages[doc1.from];
    assert.ok(passage);
    const inside = index.sentencesIn(passage);
    assert.ok(inside.length > 0);
    for (const i of inside) {
      const s = index.sentences[i];
      assert.ok(s && s.docId === 'doc1.txt' && s.start >= passage.start && s.end <= passage.end);
      assert.equal(index.sentenceAt('doc1.txt', s.start), i);
      assert.equal(index.sentenceAt('doc1.txt', s.end - 1), i);
    }
    assert.equal(index.sentenceAt('doc1.txt', 10_000), undefined);
    assert.deepEqual(index.sentencesIn({ docId: 'doc1.txt', start: 0, end: 0 }), []);

    const [a, b] = [0, index.sentences.length - 1];
    const vectors = await index.sentenceVectors([a, b]);
    close(vectors.similarity(a, b), cosine(input.sentenceVectors[a] as Float32Array, input.sentenceVectors[b] as Float32Array));
    close(vectors.score(fakeVector(7), b), cosine(fakeVector(7), input.sentenceVectors[b] as Float32Array));
    const mean = vectors.centroid([a, b]);
    close(Math.hypot(...mean), 1);
    close(vectors.score(mean, a), vectors.score(mean, b)); // equidistant from both unit vectors
    assert.throws(() => vectors.score(mean, 1), /not among the fetched/, 'a sentence that was not fetched is a caller bug');

    // The exact scan agrees with HNSW on this small graph and ranks every passage.
    const query = fakeVector(3);
    const exact = await index.searchDense(query, index.passages.length, { efSearch: 0, exact: true });
    assert.equal(exact.length, index.passages.length);
    assert.deepEqual(
      exact.slice(0, 3).map((s) => s.index),
      (await index.searchDense(query, 3, { efSearch: 50 })).map((s) => s.index),
    );
    close(exact[0]?.score ?? 0, cosine(query, input.passageVectors[exact[0]?.index ?? 0] as Float32Array));
  });

  it('stores the suggestions a hook derives from the complete version before it is published', async () => {
    const dir = await tempDir();
    const first = await writeIndex(dir, contents(TEXTS));
    assert.deepEqual((await openIndex(dir)).suggestions, [], 'an index without suggestions has none');
    let seen: { documents: number; live: string } | undefined;
    const second = await writeIndex(dir, contents([...TEXTS, 'Norway joined later.']), async (staged) => {
      const index = staged;
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
