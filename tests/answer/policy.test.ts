import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_POLICY, loadPolicy } from '@/lib/answer/policy';
import { ConfigError } from '@/lib/config';
import { foldResults, policiesOf } from '@/lib/eval/fit';
import { tempDir } from '../helpers';

describe('answer policy', () => {
  it('is the defaults without a file, and a file overrides only what it names', async () => {
    assert.equal(loadPolicy(undefined), DEFAULT_POLICY);
    const file = path.join(await tempDir(), 'policy.json');
    await writeFile(file, JSON.stringify({ selection: { words: 50 }, confidence: { medium: 0.65 } }));
    const policy = loadPolicy(file);
    assert.equal(policy.selection.words, 50);
    assert.equal(policy.confidence.medium, 0.65);
    assert.equal(policy.confidence.high, DEFAULT_POLICY.confidence.high);
    assert.equal(policy.selection.anchorWords, DEFAULT_POLICY.selection.anchorWords);
    assert.deepEqual(policy.cues, DEFAULT_POLICY.cues);
  });

  it('refuses a file that is not JSON, a number out of range and a cue that is not a regular expression, naming them', async () => {
    const dir = await tempDir();
    const cases: [string, string, RegExp][] = [
      ['broken.json', '{ "weights": ', /broken\.json cannot be read as JSON/],
      ['range.json', JSON.stringify({ confidence: { high: 3 } }), /confidence\.high/],
      ['cue.json', JSON.stringify({ cues: { why: ['because', '(unclosed'] } }), /cues\.why\.1: not a regular expression/],
    ];
    for (const [name, text, message] of cases) {
      const file = path.join(dir, name);
      await writeFile(file, text);
      assert.throws(
        () => loadPolicy(file),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    }
  });
});

describe('fitting the policy', () => {
  it('expands a grid into every combination and rejects a field the policy lacks', () => {
    const policies = policiesOf(DEFAULT_POLICY, { 'weights.cue': [0, 0.2], 'selection.words': [40, 60, 80] });
    assert.equal(policies.length, 6);
    assert.deepEqual(
      policies.map((p) => [p.weights.cue, p.selection.words]),
      [
        [0, 40],
        [0, 60],
        [0, 80],
        [0.2, 40],
        [0.2, 60],
        [0.2, 80],
      ],
    );
    assert.throws(() => policiesOf(DEFAULT_POLICY, { 'weights.nothing': [1] }), /no number at weights\.nothing/);
  });

  it('scores each fold with the policy picked on the other folds, not on itself', () => {
    // Two suites of four questions, two folds: fold 0 holds questions 0, 2, 4, 6; fold 1 holds 1, 3, 5, 7.
    const suites = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const table = [
      [true, false, true, false, true, false, true, false], // right on fold 0 only
      [false, true, false, true, false, true, false, true], // right on fold 1 only
      [true, true, false, false, true, true, false, false], // half of each
    ];
    const { folds, best } = foldResults(table, suites, 2);
    // Fold 0 picks on fold 1, where policy 1 is best, and policy 1 gets none of fold 0 right; and the other way round.
    assert.deepEqual(
      folds.map((f) => [f.questions, f.heldOut, f.trainShare]),
      [
        [4, 0, 1],
        [4, 0, 1],
      ],
    );
    assert.equal(best, 0, 'ties on all questions go to the policy listed first');
  });
});
