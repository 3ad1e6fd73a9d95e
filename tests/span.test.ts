import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RetrievedPassage } from '@/lib/retrieval';
import { spanResult } from '@/lib/span';

describe('spanResult', () => {
  const passage: RetrievedPassage = {
    id: 'a.txt#2',
    docId: 'a.txt',
    title: 'A',
    text: 'Some text.',
    start: 10,
    end: 20,
    score: 0.123456789,
    dense: 0.5,
    lexical: 3,
  };

  it('names the document `doc`, as the public API does, and carries nothing else', () => {
    assert.deepEqual(spanResult(passage), { doc: 'a.txt', title: 'A', text: 'Some text.', start: 10, end: 20, score: 0.123457 });
  });

  it('keeps the decimals it is asked for', () => {
    assert.equal(spanResult(passage, 4).score, 0.1235);
    assert.equal(spanResult({ ...passage, score: 7 }, 4).score, 7);
  });
});
