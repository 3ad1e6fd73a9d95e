/**
 * Unit vectors read from their file on demand, a block of consecutive rows at
 * a time, keeping the blocks used most recently. An answer reads the sentences
 * of a few passages, which lie together in the file; holding every vector in
 * memory cost 2 KB per sentence at 512 dimensions (about 26 KB per passage)
 * and bought nothing a page-cache read of 32 KB does not.
 *
 * The file descriptor stays open for the life of the loaded version, so a
 * version folder that a newer build deletes still reads until the last
 * request that holds it is done; it is closed when the version is collected.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { recentlyUsed } from '../../memo';

/** Rows per read: a passage's sentences usually fit in one. */
const BLOCK_ROWS = 16;
/** Blocks kept: 2,048 rows, 4 MB at 512 dimensions, whatever the index size; a question reads 10 to 20 blocks. */
const CACHE_BLOCKS = 128;

const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
});

export interface VectorRows {
  readonly rows: number;
  readonly dims: number;
  /** Row `i`; a view that stays valid after later reads. */
  row(i: number): Float32Array;
  /** Closes the file once `owner` (the loaded version that reads it) is garbage. */
  closeWith(owner: object): void;
}

/**
 * A file's SHA-256, read through one reused 1 MB buffer: checking a large file holds no more than that in
 * memory, and reusing it leaves the allocator nothing to keep (a stream's thousands of chunks stayed in RSS).
 */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const handle = await open(file, 'r');
  try {
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * Opens a file of `rows` × `dims` little-endian float32s, or says what is wrong with it: its size, or its
 * checksum (read in 1 MB steps, so checking it holds no more than that in memory).
 */
export async function openVectorFile(file: string, rows: number, dims: number, expectedSha256: string): Promise<VectorRows | string> {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  if (size !== rows * dims * 4) {
    closeSync(fd);
    return `is ${size} bytes, expected ${rows * dims * 4} (truncated?)`;
  }
  if ((await fileSha256(file)) !== expectedSha256) {
    closeSync(fd);
    return 'does not match its checksum';
  }
  const blockOf = recentlyUsed(CACHE_BLOCKS, (b: number): Float32Array => {
    const count = Math.min(BLOCK_ROWS, rows - b * BLOCK_ROWS);
    const data = new Float32Array(count * dims);
    readSync(fd, new Uint8Array(data.buffer), 0, data.byteLength, b * BLOCK_ROWS * dims * 4);
    return data;
  });
  return {
    rows,
    dims,
    row(i) {
      if (i < 0 || i >= rows) throw new RangeError(`vector ${i} of ${rows}`);
      const offset = (i % BLOCK_ROWS) * dims;
      return blockOf(Math.floor(i / BLOCK_ROWS)).subarray(offset, offset + dims);
    },
    closeWith: (owner) => closer.register(owner, fd),
  };
}
