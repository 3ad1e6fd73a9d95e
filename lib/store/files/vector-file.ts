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
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';

/** Rows per read: a passage's sentences usually fit in one. */
const BLOCK_ROWS = 16;
/** Blocks kept: 8,192 rows, 16 MB at 512 dimensions, whatever the index's size. */
const CACHE_BLOCKS = 512;

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

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Opens a file of `rows` × `dims` little-endian float32s, or says what is wrong with it: its size, or its
 * checksum (streamed, so checking it holds no more than a chunk in memory).
 */
export async function openVectorFile(file: string, rows: number, dims: number, expectedSha256: string): Promise<VectorRows | string> {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  if (size !== rows * dims * 4) {
    closeSync(fd);
    return `is ${size} bytes, expected ${rows * dims * 4} (truncated?)`;
  }
  if ((await sha256(file)) !== expectedSha256) {
    closeSync(fd);
    return 'does not match its checksum';
  }
  const blocks = new Map<number, Float32Array>();
  const blockOf = (b: number): Float32Array => {
    const cached = blocks.get(b);
    if (cached) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      blocks.delete(b);
      blocks.set(b, cached);
      return cached;
    }
    const count = Math.min(BLOCK_ROWS, rows - b * BLOCK_ROWS);
    const data = new Float32Array(count * dims);
    readSync(fd, new Uint8Array(data.buffer), 0, data.byteLength, b * BLOCK_ROWS * dims * 4);
    blocks.set(b, data);
    if (blocks.size > CACHE_BLOCKS) blocks.delete(blocks.keys().next().value as number);
    return data;
  };
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
