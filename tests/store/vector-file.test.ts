import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openVectorFile } from '@/lib/store/files/vector-file';
import { tempDir } from '../helpers';

/** `rows` 3-d vectors whose values say where they are: row i is [i, i + 0.25, i + 0.5]. */
async function vectorFile(rows: number): Promise<{ file: string; sha256: string }> {
  const data = Float32Array.from({ length: rows * 3 }, (_, k) => Math.floor(k / 3) + (k % 3) * 0.25);
  const bytes = new Uint8Array(data.buffer);
  const file = path.join(await tempDir(), 'vectors.f32');
  await writeFile(file, bytes);
  return { file, sha256: createHash('sha256').update(bytes).digest('hex') };
}

describe('vectors read from their file on demand', () => {
  it('gives every row, in any order, across blocks and after the cache has turned over', async () => {
    const rows = 9000; // more rows than the cache holds
    const { file, sha256 } = await vectorFile(rows);
    const vectors = await openVectorFile(file, rows, 3, sha256);
    assert.ok(typeof vectors !== 'string');
    const kept = vectors.row(5);
    for (const i of [0, 15, 16, 8999, 4000, ...Array.from({ length: rows }, (_, k) => k), 17, 0])
      assert.deepEqual(Array.from(vectors.row(i)), [i, i + 0.25, i + 0.5], `row ${i}`);
    assert.deepEqual(Array.from(kept), [5, 5.25, 5.5], 'a row read earlier is still right after its block left the cache');
    assert.throws(() => vectors.row(rows), RangeError);
  });

  it('refuses a file of the wrong size or checksum, and still reads one deleted while open', async () => {
    const { file, sha256 } = await vectorFile(40);
    assert.equal(await openVectorFile(file, 41, 3, sha256), `is ${40 * 12} bytes, expected ${41 * 12} (truncated?)`);
    assert.equal(await openVectorFile(file, 40, 3, '0'.repeat(64)), 'does not match its checksum');
    const vectors = await openVectorFile(file, 40, 3, sha256);
    assert.ok(typeof vectors !== 'string');
    await rm(file);
    assert.deepEqual(Array.from(vectors.row(39)), [39, 39.25, 39.5]);
  });
});
