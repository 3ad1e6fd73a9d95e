/**
 * `npm run train` on a small sample: two suites of the articles and the domain documents, every second question,
 * two folds by document. It must print held-out figures per suite and write a model the app accepts; it never
 * retrains the committed model.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadModel, REFUSAL_FEATURES } from '@/lib/answer/model';
import { runScript, tempDir } from '../helpers';

describe('npm run train', () => {
  it('scores folds by document and writes a model file the app loads', async () => {
    const out = path.join(await tempDir(), 'model.json');
    const { code, stdout, stderr } = await runScript(
      'train.ts',
      ['--suite', 'dev, articles', '--suite', 'domain-dev', '--sample', '2', '--folds', '2', '--without', 'margin', '--out', out],
      {},
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /questions of 2 suites, 2 folds by document/);
    assert.match(stdout, /^dev, articles\s+\d+\s+[\d.]+% \/\s+[\d.]+%/m);
    assert.match(stdout, /^domain-dev\s+\d+/m);
    assert.match(stdout, /Calibration on the held-out folds/);
    const model = loadModel(out);
    assert.deepEqual(
      model.refusal.features,
      REFUSAL_FEATURES.filter((f) => f !== 'margin'),
    );
    assert.equal(model.fitted.folds, 2);
    assert.deepEqual(
      model.fitted.heldOut.map((h) => h.suite),
      ['dev, articles', 'domain-dev'],
    );
    const committed = await readFile(path.resolve('lib', 'answer', 'model.json'), 'utf8');
    assert.notEqual(await readFile(out, 'utf8'), committed, 'a sample fits another model than the committed one');
  });

  it('refuses an unknown feature or suite with a usage message', async () => {
    const feature = await runScript('train.ts', ['--without', 'shoeSize', '--dry-run'], {});
    assert.notEqual(feature.code, 0);
    assert.match(feature.stderr, /--without names no feature: shoeSize/);
    const suite = await runScript('train.ts', ['--suite', 'nowhere', '--dry-run'], {});
    assert.notEqual(suite.code, 0);
    assert.match(suite.stderr, /--suite names no public suite/);
  });
});
