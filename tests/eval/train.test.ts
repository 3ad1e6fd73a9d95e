/** The answer model's fitting on plain data: literal inputs and the numbers they must give. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLogistic, foldsByGroup, predict, thresholdFor } from '@/lib/eval/train';

describe('fitLogistic', () => {
  it('learns which way a feature points, standardising it first', () => {
    // Label true from x = 4 on; the second feature alternates the same way under both labels.
    const rows = [
      [0, 0],
      [1, 1],
      [2, 0],
      [3, 1],
      [4, 0],
      [5, 1],
      [6, 0],
      [7, 1],
    ];
    const labels = rows.map(([x]) => (x ?? 0) >= 4);
    const fit = fitLogistic(
      rows,
      labels,
      rows.map(() => 1),
      { l2: 0.1 },
    );
    assert.deepEqual(
      fit.mean.map((m) => Number(m.toFixed(3))),
      [3.5, 0.5],
    );
    assert.deepEqual(
      fit.scale.map((s) => Number(s.toFixed(3))),
      [2.291, 0.5],
    );
    assert.ok((fit.weights[0] ?? 0) > 3, `weight of x ${fit.weights[0]}`);
    assert.ok(Math.abs(fit.weights[1] ?? 1) < (fit.weights[0] ?? 0) / 3, `weight of the alternating feature ${fit.weights[1]}`);
    const [low, high] = predict(fit, [
      [0, 0],
      [7, 0],
    ]);
    assert.ok((low ?? 1) < 0.05 && (high ?? 0) > 0.95, `${low} ${high}`);
  });

  it('counts rows by their weight, and a constant feature adds nothing', () => {
    const rows = [
      [1, 7],
      [1, 7],
      [0, 7],
    ];
    const even = fitLogistic(rows, [true, false, false], [1, 1, 1], { l2: 1 });
    const heavy = fitLogistic(rows, [true, false, false], [3, 1, 1], { l2: 1 });
    assert.equal(even.scale[1], 1);
    assert.equal(even.weights[1], 0);
    assert.ok((predict(heavy, [[1, 7]])[0] ?? 0) > (predict(even, [[1, 7]])[0] ?? 1));
  });
});

describe('thresholdFor', () => {
  it('refuses at most the share of answerable questions, the least supported first, counting those refused already', () => {
    const p = [0.1, 0.2, 0.3, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    // 20% of 10: the two lowest may be refused, so everything below the third (0.3) goes.
    assert.equal(thresholdFor(p, 0.2), 0.3);
    // One of 10 (+1 refused by a rule, 11 in all: 2 allowed, 1 used): only the lowest.
    assert.equal(thresholdFor(p, 0.2, 1), 0.2);
    // No share left: refuse nothing.
    assert.equal(thresholdFor(p, 0.1, 1), 0);
    assert.equal(thresholdFor([], 0.03), 0);
  });
});

describe('foldsByGroup', () => {
  it('keeps a document whole in one fold, the same on every run', () => {
    const groups = ['b', 'a', 'c', 'a', 'b', 'd'];
    assert.deepEqual(foldsByGroup(groups, 2), [1, 0, 0, 0, 1, 1]);
  });
});
