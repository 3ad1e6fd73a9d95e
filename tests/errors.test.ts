import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError, INDEX_HINT, isAppError, userMessage } from '@/lib/errors';

describe('AppError', () => {
  it('keeps the problem and the hint apart, and says both in its message', () => {
    const error = new AppError('index_missing', 'No index found in data/index.', { hint: INDEX_HINT.build });
    assert.equal(error.problem, 'No index found in data/index.');
    assert.equal(error.hint, 'Run `npm run index` to build it.');
    assert.equal(error.message, 'No index found in data/index. Run `npm run index` to build it.');
    assert.equal(error.status, 503);
    assert.ok(isAppError(error));
    assert.equal(userMessage(error), error.message);
  });

  it('has no hint when there is nothing to do, and shows nothing of an unexpected error', () => {
    const error = new AppError('not_found', 'No document with id "x".');
    assert.equal(error.hint, undefined);
    assert.equal(error.message, error.problem);
    assert.equal(userMessage(new Error('secret stack detail')), 'Something went wrong on our side.');
  });
});
