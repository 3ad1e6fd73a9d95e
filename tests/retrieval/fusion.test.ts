import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuse, reciprocalRankFusion, weightedFusion } from '@/lib/retrieval';

const dense = [
  { index: 1, score: 0.9 },
  { index: 2, score: 0.5 },
  { index: 3, score: 0.1 },
];
const lexical = [
  { index: 2, score: 12 },
  { index: 4, score: 6 },
];

describe('fusion', () => {
  it('RRF rewards items ranked well in both lists', () => {
    const fused = reciprocalRankFusion([dense, lexical], 60);
    assert.equal(fused[0]?.index, 2);
    assert.deepEqual(fused.map((f) => f.index).sort(), [1, 2, 3, 4]);
    assert.ok(Math.abs((fused[0]?.score ?? 0) - (1 / 62 + 1 / 61)) < 1e-12);
  });

  it('weighted fusion follows the weight', () => {
    assert.equal(weightedFusion(dense, lexical, 1)[0]?.index, 1);
    assert.equal(weightedFusion(dense, lexical, 0)[0]?.index, 2);
    assert.equal(weightedFusion(dense, lexical, 0.3)[0]?.index, 2);
  });

  it('handles empty lists', () => {
    assert.deepEqual(fuse([], [], { method: 'weighted', rrfK: 60, denseWeight: 0.5 }), []);
    assert.deepEqual(
      fuse(dense, [], { method: 'rrf', rrfK: 60, denseWeight: 0.5 }).map((f) => f.index),
      [1, 2, 3],
    );
  });
});
