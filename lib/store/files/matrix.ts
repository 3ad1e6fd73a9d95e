/** Row-major Float32 matrices, stored as raw little-endian bytes. */
export interface Matrix {
  readonly rows: number;
  readonly dims: number;
  readonly data: Float32Array;
}

export function toMatrix(vectors: readonly Float32Array[], dims: number): Matrix {
  const data = new Float32Array(vectors.length * dims);
  vectors.forEach((v, i) => {
    if (v.length !== dims) throw new Error(`vector ${i} has ${v.length} dimensions, expected ${dims}`);
    data.set(v, i * dims);
  });
  return { rows: vectors.length, dims, data };
}

export function row(matrix: Matrix, i: number): Float32Array {
  return matrix.data.subarray(i * matrix.dims, (i + 1) * matrix.dims);
}

export function matrixBytes(matrix: Matrix): Buffer {
  return Buffer.from(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength);
}
