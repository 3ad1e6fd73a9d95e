/** Approximate nearest neighbours over unit vectors (cosine) with hnswlib. */
import hnswlib from 'hnswlib-node';
import type { Scored } from '../types';
import { row, type Matrix } from './matrix';

export interface HnswParams {
  readonly m: number;
  readonly efConstruction: number;
}

/** Labels are row numbers of `vectors`. The fixed seed makes rebuilds of one corpus identical. */
export function buildHnsw(vectors: Matrix, params: HnswParams): hnswlib.HierarchicalNSW {
  const index = new hnswlib.HierarchicalNSW('cosine', vectors.dims);
  index.initIndex({ maxElements: Math.max(1, vectors.rows), m: params.m, efConstruction: params.efConstruction, randomSeed: 100 });
  for (let i = 0; i < vectors.rows; i++) index.addPoint(Array.from(row(vectors, i)), i);
  return index;
}

export function readHnsw(file: string, dims: number): hnswlib.HierarchicalNSW {
  const index = new hnswlib.HierarchicalNSW('cosine', dims);
  index.readIndexSync(file);
  return index;
}

/** Nearest rows to `query`, best first, with cosine similarity as the score. */
export function searchHnsw(index: hnswlib.HierarchicalNSW, query: Float32Array, k: number, efSearch: number): Scored[] {
  const count = index.getCurrentCount();
  if (count === 0) return [];
  const n = Math.min(k, count);
  index.setEf(Math.max(efSearch, n));
  const { neighbors, distances } = index.searchKnn(Array.from(query), n);
  return neighbors.map((label, i) => ({ index: label, score: 1 - (distances[i] ?? 1) }));
}
