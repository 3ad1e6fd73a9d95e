/**
 * Writes a version into the database and publishes it. New and changed
 * documents become snapshots with their rows; kept ones are referenced from
 * the version in service. Nothing a reader can see changes until the one
 * statement that points `service` at the new version, so a build that fails
 * or is killed leaves the previous version in service; what it wrote is
 * unreferenced and the next build removes it.
 */
import type { Passage } from '../../chunking';
import { tokenize } from '../../text/tokenize';
import type { Manifest } from '../files/format';
import { manifestOf, newVersion } from '../manifest';
import type { IndexContents, StagedVersionHook, StoredDocument } from '../types';
import type { Client, Pool } from './connection';
import { vectorLiteral } from './literals';
import { openPgVersion } from './read';

/** Rows per INSERT: each column goes as one array parameter. */
const BATCH = 1000;

/** What a snapshot's rows depend on besides the document: the same text under other settings is another snapshot. */
function settingsKey(contents: IndexContents): string {
  return JSON.stringify({ embedder: contents.embedder.id, dimensions: contents.embedder.dimensions, chunking: contents.chunking });
}

async function insertRows(client: Client, snapshot: string, rows: StoredDocument, dims: number): Promise<void> {
  for (let from = 0; from < rows.passages.length; from += BATCH) {
    const batch = rows.passages.slice(from, from + BATCH);
    await client.query(
      `INSERT INTO passages (snapshot, ordinal, start_at, end_at, dims, terms, embedding)
       SELECT $1, o, s, e, $2, t, v::vector FROM unnest($3::int[], $4::int[], $5::int[], $6::int[], $7::text[]) AS r(o, s, e, t, v)`,
      [
        snapshot,
        dims,
        batch.map(([p]) => p.ordinal),
        batch.map(([p]) => p.start),
        batch.map(([p]) => p.end),
        batch.map(([p]) => tokenize(p.text).length),
        batch.map(([, v]) => vectorLiteral(v)),
      ],
    );
    await insertPostings(
      client,
      snapshot,
      batch.map(([p]) => p),
    );
  }
  for (let from = 0; from < rows.sentences.length; from += BATCH) {
    const batch = rows.sentences.slice(from, from + BATCH);
    await client.query(
      `INSERT INTO sentences (snapshot, ordinal, start_at, end_at, embedding)
       SELECT $1, o, s, e, v::vector FROM unnest($2::int[], $3::int[], $4::int[], $5::text[]) AS r(o, s, e, v)`,
      [
        snapshot,
        batch.map((_, k) => from + k),
        batch.map(([s]) => s.start),
        batch.map(([s]) => s.end),
        batch.map(([, v]) => vectorLiteral(v)),
      ],
    );
  }
}

/** Each passage's index terms (lib/text/tokenize) with how often it has them: what BM25 reads. */
async function insertPostings(client: Client, snapshot: string, passages: readonly Passage[]): Promise<void> {
  const rows = { term: [] as string[], ordinal: [] as number[], tf: [] as number[], terms: [] as number[] };
  for (const passage of passages) {
    const terms = tokenize(passage.text);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      rows.term.push(term);
      rows.ordinal.push(passage.ordinal);
      rows.tf.push(tf);
      rows.terms.push(terms.length);
    }
  }
  await client.query(
    `INSERT INTO passage_terms (term, snapshot, ordinal, tf, terms)
     SELECT w, $1, o, f, n FROM unnest($2::text[], $3::int[], $4::int[], $5::int[]) AS r(w, o, f, n)`,
    [snapshot, rows.term, rows.ordinal, rows.tf, rows.terms],
  );
}

/** The snapshot of each document of the version in service, by document id and hash. */
async function servedSnapshots(client: Client, settings: string): Promise<Map<string, string>> {
  const found = await client.query<{ doc_id: string; hash: string; snapshot: string }>(
    `SELECT s.doc_id, s.hash, vd.snapshot FROM service JOIN version_documents vd ON vd.version = service.version
       JOIN snapshots s ON s.id = vd.snapshot WHERE s.settings = $1`,
    [settings],
  );
  return new Map(found.rows.map((r) => [`${r.doc_id}\u0000${r.hash}`, r.snapshot]));
}

/** Removes what no version in service or kept for readers still uses: older versions, dead builds' leftovers. */
async function collectGarbage(client: Client): Promise<void> {
  // The version in service and the two before it, which a server may still be answering from and recent answers cite.
  await client.query(
    `DELETE FROM versions WHERE id NOT IN (
       SELECT version FROM service
       UNION ALL
       (SELECT id FROM versions WHERE published_at IS NOT NULL AND id <> (SELECT version FROM service) ORDER BY published_at DESC LIMIT 2))`,
  );
  await client.query('DELETE FROM snapshots s WHERE NOT EXISTS (SELECT 1 FROM version_documents vd WHERE vd.snapshot = s.id)');
}

/** Writes and publishes a version; the caller holds the build lease. */
export async function writePgVersion(pool: Pool, contents: IndexContents, onStaged?: StagedVersionHook): Promise<Manifest> {
  const version = newVersion(new Date());
  const dims = contents.embedder.dimensions;
  const settings = settingsKey(contents);
  const client = await pool.connect();
  try {
    const served = await servedSnapshots(client, settings);
    const snapshots: string[] = [];
    const passagesPerDoc = new Map<string, number>();
    let sentenceCount = 0;
    for (const doc of contents.documents) {
      const fresh = contents.fresh.get(doc.id);
      const kept = fresh ? undefined : served.get(`${doc.id}\u0000${doc.hash}`);
      if (kept !== undefined) {
        snapshots.push(kept);
        const previous = contents.previous;
        const rows = previous?.passagesOf(doc.id);
        const said = previous?.sentencesOf(doc.id);
        passagesPerDoc.set(doc.id, rows ? rows.to - rows.from : 0);
        sentenceCount += said ? said.to - said.from : 0;
        continue;
      }
      // A document not embedded now and not in service (another build published in between) is read back whole.
      const rows = fresh ?? (await contents.previous?.storedDocument(doc.id));
      if (!rows) throw new Error(`document ${doc.id} is neither embedded by this build nor in the previous version`);
      const inserted = await client.query<{ id: string }>(
        'INSERT INTO snapshots (doc_id, hash, settings, title, body, format, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        [doc.id, doc.hash, settings, doc.title, doc.text, doc.format, doc.bytes],
      );
      const snapshot = inserted.rows[0]?.id as string;
      await insertRows(client, snapshot, rows, dims);
      snapshots.push(snapshot);
      passagesPerDoc.set(doc.id, rows.passages.length);
      sentenceCount += rows.sentences.length;
    }
    // One HNSW index per vector size, over the rows of that size: a store can move to another embedder.
    await client.query(
      `CREATE INDEX IF NOT EXISTS passages_embedding_${dims} ON passages
         USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WITH (m = ${contents.hnsw.m}, ef_construction = ${contents.hnsw.efConstruction})
         WHERE dims = ${dims}`,
    );

    const manifest = manifestOf(contents, version, { passagesPerDoc, sentences: sentenceCount }, {});
    await client.query('INSERT INTO versions (id, manifest) VALUES ($1, $2)', [version, JSON.stringify(manifest)]);
    await client.query(
      'INSERT INTO version_documents (version, position, snapshot) SELECT $1, p - 1, s FROM unnest($2::bigint[]) WITH ORDINALITY AS r(s, p)',
      [version, snapshots],
    );
    if (onStaged) {
      const { suggestions } = await onStaged(await openPgVersion(pool, version));
      await client.query('UPDATE versions SET suggestions = $2 WHERE id = $1', [version, JSON.stringify(suggestions)]);
    }
    // Publishing is this one statement: readers see the old version or the new one, never a mix.
    await client.query(
      `WITH published AS (UPDATE versions SET published_at = now() WHERE id = $1)
       INSERT INTO service (singleton, version) VALUES (true, $1) ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version`,
      [version],
    );
    await collectGarbage(client);
    // Fresh statistics, so the planner sees the tables as they now are (a bulk load leaves them stale).
    await client.query('ANALYZE snapshots, passages, passage_terms, sentences, version_documents');
    return manifest;
  } finally {
    client.release();
  }
}
