/**
 * The store contract, run against every backend: files in a folder, and
 * Postgres with pgvector (PGlite served over TCP, reached with `pg`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '@/lib/config';
import { isAppError } from '@/lib/errors';
import { type StoreBackend, storeBackend } from '@/lib/store';
import { type PgliteServer, servePglite } from '../../scripts/lib/pglite-server';
import { tempDir } from '../helpers';
import { contents, fakeVector, TEXTS } from './fixtures';

/** Drops everything the app created, migrations included, as if the database were new. */
async function emptyDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  } finally {
    await client.end();
  }
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, k) => sum + x * (b[k] ?? 0), 0);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} ≈ ${b}`);

for (const kind of ['files', 'postgres'] as const) {
  describe(`${kind} store`, () => {
    let server: PgliteServer | undefined;
    let current: StoreBackend | undefined;
    before(async () => {
      if (kind === 'postgres') server = await servePglite({ port: 0 });
    });
    after(async () => {
      await current?.close();
      await server?.stop();
    });
    /** A fresh, empty store of this kind: a new folder, or the one database emptied. */
    const fresh = async (): Promise<StoreBackend> => {
      await current?.close();
      if (server) await emptyDatabase(server.url);
      const env = { INDEX_DIR: await tempDir(), STORE: kind, STORE_RECHECK_MS: '100', ...(server ? { DATABASE_URL: server.url } : {}) };
      current = storeBackend(loadConfig({ ...process.env, ...env }));
      return current;
    };

    it('round-trips documents, passages, sentences and vectors, and searches them', async () => {
      const backend = await fresh();
      const input = contents(TEXTS);
      const manifest = await backend.write(input.contents);
      const index = await backend.open();
      assert.equal(index.version, manifest.version);
      assert.deepEqual(index.manifest.counts, { documents: 2, passages: input.passages.length, sentences: input.sentences.length });
      assert.deepEqual(index.passages, input.passages);
      assert.deepEqual(index.sentences, input.sentences);
      const stored = await index.storedDocument('doc1.txt');
      assert.deepEqual(
        stored?.passages.map(([p, v]) => [p, Array.from(v)]),
        input.passages.flatMap((p, i) => (p.docId === 'doc1.txt' ? [[p, Array.from(input.passageVectors[i] ?? [])]] : [])),
        'vectors come back bit for bit',
      );
      assert.deepEqual(
        stored?.sentences.map(([s, v]) => [s, Array.from(v)]),
        input.sentences.flatMap((s, i) => (s.docId === 'doc1.txt' ? [[s, Array.from(input.sentenceVectors[i] ?? [])]] : [])),
      );
      assert.equal(await index.storedDocument('nope.txt'), undefined);
      assert.equal(index.document('doc1.txt')?.text, TEXTS[1]);
      assert.deepEqual(index.manifest.skipped, [{ id: 'bad.txt', reason: 'empty file', problem: 'no-text' }]);
      assert.deepEqual(
        index.manifest.documents.map((d) => [d.id, d.bytes, d.indexedAt]),
        [
          ['doc0.txt', TEXTS[0]?.length, '2026-01-02T03:04:05.000Z'],
          ['doc1.txt', TEXTS[1]?.length, manifest.createdAt],
        ],
      );
      assert.equal((await backend.currentManifest()).version, manifest.version);
      // The exact vector of passage 2 is its own nearest neighbour.
      const [hit] = await index.searchDense(fakeVector(2), 1, { efSearch: 50 });
      assert.equal(hit?.index, 2);
      close(hit?.score ?? 0, 1);
      const [lexical] = await index.searchLexical(['gotland'], 1);
      assert.equal(index.passages[lexical?.index ?? -1]?.docId, 'doc1.txt');
      assert.deepEqual(await index.searchLexical(['absent'], 5), []);
      assert.equal(index.term('gotland').present, true);
      assert.equal(index.term('absent').present, false);
      assert.ok(index.term('absent').idf > index.term('gotland').idf, 'a rarer term weighs more');
      assert.ok([...index.vocabulary()].includes('hospit'));
    });

    it('answers span and similarity questions about the vectors it keeps', async () => {
      const backend = await fresh();
      const input = contents(TEXTS);
      await backend.write(input.contents);
      const index = await backend.open();
      const doc1 = index.passagesOf('doc1.txt');
      const passage = index.passages[doc1.from];
      assert.ok(passage);
      const inside = index.sentencesIn(passage);
      assert.ok(inside.length > 0);
      for (const i of inside) {
        const s = index.sentences[i];
        assert.ok(s && s.docId === 'doc1.txt' && s.start >= passage.start && s.end <= passage.end);
        assert.equal(index.sentenceAt('doc1.txt', s.start), i);
      }
      assert.equal(index.sentenceAt('doc1.txt', 10_000), undefined);

      const [a, b] = [0, index.sentences.length - 1];
      const vectors = await index.sentenceVectors([a, b]);
      close(vectors.similarity(a, b), cosine(input.sentenceVectors[a] as Float32Array, input.sentenceVectors[b] as Float32Array));
      close(vectors.score(fakeVector(7), b), cosine(fakeVector(7), input.sentenceVectors[b] as Float32Array));
      const mean = vectors.centroid([a, b]);
      close(Math.hypot(...mean), 1);
      close(vectors.score(mean, a), vectors.score(mean, b));
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

    it('keeps unchanged documents from the previous version and drops removed ones', async () => {
      const backend = await fresh();
      await backend.write(contents(TEXTS).contents);
      const previous = await backend.open();
      const texts = [TEXTS[0] as string, 'Sweden changed its mind about Gotland.', 'Norway joined later.'];
      const next = contents(texts, { previous, keep: ['doc0.txt'], seed: 50 });
      await backend.write(next.contents);
      const index = await backend.open();
      assert.deepEqual(
        index.documents.map((d) => d.text),
        texts,
      );
      const kept = await index.storedDocument('doc0.txt');
      const before = await previous.storedDocument('doc0.txt');
      assert.deepEqual(
        kept?.passages.map(([p, v]) => [p, Array.from(v)]),
        before?.passages.map(([p, v]) => [p, Array.from(v)]),
        'the kept document has its old rows and vectors',
      );
      const changed = await index.storedDocument('doc1.txt');
      const want = next.passages.flatMap((p, i) => (p.docId === 'doc1.txt' ? [Array.from(next.passageVectors[i] ?? [])] : []));
      assert.deepEqual(
        changed?.passages.map(([, v]) => Array.from(v)),
        want,
      );
      assert.equal(index.manifest.counts.passages, index.passages.length);
      assert.equal(index.manifest.counts.sentences, index.sentences.length);
      const [lexical] = await index.searchLexical(['norwai'], 1);
      assert.equal(index.passages[lexical?.index ?? -1]?.docId, 'doc2.txt');
      assert.deepEqual(await index.searchLexical(['hospit'], 5).then((r) => r.map((s) => index.passages[s.index]?.docId)), ['doc0.txt']);
    });

    it("serves a kept version's documents after later versions changed them, and says when a version is gone", async () => {
      const backend = await fresh();
      const first = await backend.write(contents(TEXTS).contents);
      const texts = [TEXTS[0] as string, 'Sweden changed its mind about Gotland.'];
      const versions = [first.version];
      for (let seed = 1; seed <= 3; seed++) {
        const previous = await backend.open();
        versions.push((await backend.write(contents(texts, { previous, keep: ['doc0.txt'], seed: seed * 10 }).contents)).version);
      }
      const [gone, kept] = versions;
      assert.equal((await backend.documentAt(kept as string, 'doc1.txt'))?.text, 'Sweden changed its mind about Gotland.');
      assert.equal((await backend.documentAt(kept as string, 'doc0.txt'))?.text, TEXTS[0]);
      assert.equal(await backend.documentAt(kept as string, 'nope.txt'), undefined);
      for (const version of [gone as string, 'v1-ffffff', '../../etc', "v1'; DROP TABLE versions; --"])
        await assert.rejects(backend.documentAt(version, 'doc1.txt'), (e: unknown) => isAppError(e) && e.code === 'version_gone', version);
    });

    it('derives suggestions from the staged version while the old one is in service; a failing hook publishes nothing', async () => {
      const backend = await fresh();
      const first = await backend.write(contents(TEXTS).contents);
      assert.deepEqual((await backend.open()).suggestions, []);
      let seen: { documents: number; live: string } | undefined;
      const second = await backend.write(contents([...TEXTS, 'Norway joined later.']).contents, async (staged) => {
        seen = { documents: staged.documents.length, live: (await backend.currentManifest()).version };
        return { suggestions: ['What did Norway do?'] };
      });
      assert.deepEqual(seen, { documents: 3, live: first.version });
      const index = await backend.open();
      assert.equal(index.version, second.version);
      assert.deepEqual(index.suggestions, ['What did Norway do?']);
      await assert.rejects(
        backend.write(contents(TEXTS).contents, async () => {
          throw new Error('the hook failed');
        }),
        /the hook failed/,
      );
      assert.equal((await backend.open()).version, second.version, 'a failing hook publishes nothing');
    });

    it('says to run `npm run index` when nothing was published', async () => {
      const backend = await fresh();
      await assert.rejects(backend.open(), (e: unknown) => isAppError(e) && e.code === 'index_missing' && /npm run index/.test(e.message));
      await assert.rejects(backend.currentManifest(), (e: unknown) => isAppError(e) && e.code === 'index_missing');
    });

    it('hands a process its live version and swaps in what another writer publishes', async () => {
      const backend = await fresh();
      const first = await backend.write(contents(TEXTS).contents);
      const handle = backend.handle();
      assert.equal((await handle.get()).version, first.version);
      const second = await backend.write(contents([...TEXTS, 'A third document appears.']).contents);
      assert.equal((await handle.refresh()).version, second.version);
      assert.equal((await handle.get()).documents.length, 3);
    });

    it('admits one writer at a time and tells a second who holds the lock', async () => {
      const backend = await fresh();
      let release: () => void = () => undefined;
      const holding = backend.exclusive(0, () => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const waits: string[] = [];
      await assert.rejects(
        backend.exclusive(
          300,
          async () => 'ran',
          (holder) => waits.push(holder.holder),
        ),
        (e: unknown) => isAppError(e) && e.code === 'index_busy' && /Another build/.test(e.message),
      );
      assert.equal(waits.length, 1);
      assert.match(waits[0] ?? '', new RegExp(`pid ${process.pid}`));
      release();
      await holding;
      assert.equal(await backend.exclusive(0, async () => 'ran'), 'ran', 'free again once released');
    });
  });
}
