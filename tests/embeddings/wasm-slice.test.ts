import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import * as core from '@energetic-ai/core';
import fc from 'fast-check';
import { installWasmSlice, type TfKernelApi } from '@/lib/embeddings/wasm-slice';

type Values = Float32Array | Int32Array | Uint8Array;
interface Tensor {
  readonly shape: number[];
  dataSync(): Values;
  dispose(): void;
}
/** The tfjs calls this test makes; `@energetic-ai/core`'s declarations do not resolve them. */
interface Tf extends TfKernelApi {
  ready(): Promise<void>;
  getBackend(): string;
  engine(): { backend: { readSync(dataId: object): Values } };
  tensor(values: Values, shape: number[], dtype: string): Tensor & { dataId: object };
  slice(x: Tensor, begin: number[], size: number[]): Tensor;
  split(x: Tensor, sizes: number[], axis: number): Tensor[];
}
const tf = core as unknown as Tf;
await tf.ready();

interface Case {
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
  readonly begin: number[];
  readonly size: number[];
  /** Split of the same tensor along `axis` into parts of these sizes. */
  readonly axis: number;
  readonly parts: number[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      dtype: fc.constantFrom('float32' as const, 'int32' as const, 'bool' as const),
      begin: fc.tuple(...shape.map((n) => fc.integer({ min: 0, max: n - 1 }))),
      fraction: fc.tuple(...shape.map(() => fc.double({ min: 0, max: 1, noNaN: true }))),
      axis: fc.integer({ min: 0, max: shape.length - 1 }),
      cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
    }),
  )
  .map(({ shape, dtype, begin, fraction, axis, cuts }) => {
    const size = shape.map((n, d) => Math.round((fraction[d] as number) * (n - (begin[d] as number))));
    const length = shape[axis] as number;
    const bounds = [...new Set([0, ...cuts.map((c) => Math.round(c * length)), length])].sort((a, b) => a - b);
    const parts = bounds.slice(1).map((b, i) => b - (bounds[i] as number));
    return { shape, dtype, begin, size, axis, parts };
  });

function tensorOf(c: Pick<Case, 'shape' | 'dtype'>) {
  const n = c.shape.reduce((a, b) => a * b, 1);
  const values =
    c.dtype === 'float32'
      ? Float32Array.from({ length: n }, (_, i) => i * 0.5 - 7)
      : c.dtype === 'int32'
        ? Int32Array.from({ length: n }, (_, i) => i * 3 - 11)
        : Uint8Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
  return tf.tensor(values, c.shape, c.dtype);
}

function run(c: Case): { slice: number[]; sliceShape: number[]; split: number[][] } {
  const x = tensorOf(c);
  const sliced = tf.slice(x, c.begin, c.size);
  const pieces = tf.split(x, c.parts, c.axis);
  const result = { slice: Array.from(sliced.dataSync()), sliceShape: sliced.shape, split: pieces.map((p) => Array.from(p.dataSync())) };
  for (const t of [x, sliced, ...pieces]) t.dispose();
  return result;
}

describe('the tfjs these kernels write into', () => {
  it('is the exact @energetic-ai/core version they were written against', () => {
    // The kernels reach into private tfjs internals (the backend's data map, its WASM heap); another version may move them.
    const pinned = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }
    ).dependencies['@energetic-ai/core'];
    const installed = (createRequire(import.meta.url)('@energetic-ai/core/package.json') as { version: string }).version;
    assert.match(pinned ?? '', /^\d+\.\d+\.\d+$/, 'package.json pins an exact version');
    assert.equal(installed, pinned);
  });
});

describe('WASM Slice and SplitV in place', () => {
  it('runs on the WASM backend (the one use-lite uses)', () => {
    assert.equal(tf.getBackend(), 'wasm');
  });

  // Expected values come from the stock kernels, before installing; one process, one seed.
  const cases = fc.sample(caseArb, { numRuns: 400, seed: 20261127 });
  const stock = cases.map(run);

  it("gives the stock kernels' results on 400 random slices and splits of rank 1–5 float32, int32 and bool tensors", () => {
    installWasmSlice(tf);
    installWasmSlice(tf); // a second install is a no-op, not a wrapper of the first
    for (const [i, c] of cases.entries()) assert.deepEqual(run(c), stock[i], JSON.stringify(c));
  });

  it('reads nothing out of WASM memory, even when the output makes WASM memory grow', () => {
    installWasmSlice(tf);
    const backend = tf.engine().backend;
    const readSync = backend.readSync.bind(backend);
    let bytesRead = 0;
    backend.readSync = (dataId) => {
      const values = readSync(dataId);
      bytesRead += values.byteLength;
      return values;
    };
    try {
      // 3 × 24 MB pieces of a 72 MB tensor: the outputs need more memory than was ever allocated.
      const shape = [3, 2048, 3072];
      const x = tensorOf({ shape, dtype: 'float32' });
      const pieces = tf.split(x, [1, 1, 1], 0);
      const middle = tf.slice(x, [0, 1000, 5], [3, 2, 4]);
      assert.equal(bytesRead, 0);
      const plane = 2048 * 3072;
      pieces.forEach((p, i) => {
        const values = p.dataSync();
        for (const at of [0, 1, plane - 1]) assert.equal(values[at], Math.fround((i * plane + at) * 0.5 - 7));
      });
      assert.deepEqual(
        Array.from(middle.dataSync()).slice(0, 4),
        [1000 * 3072 + 5, 1000 * 3072 + 6, 1000 * 3072 + 7, 1000 * 3072 + 8].map((i) => Math.fround(i * 0.5 - 7)),
      );
      for (const t of [x, middle, ...pieces]) t.dispose();
    } finally {
      backend.readSync = readSync;
    }
  });
});
