import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Bm25Index, buildBm25 } from '@/lib/store';
import { tokenize } from '@/lib/text/tokenize';

describe('tokenize', () => {
  it('stems, folds accents, drops stop words and joins digit groups', () => {
    assert.deepEqual(tokenize('Why did Germany refuse the weapons?'), ['germani', 'refus', 'weapon']);
    assert.deepEqual(tokenize('Germany refused'), ['germani', 'refus']);
    assert.deepEqual(tokenize('Choïgou'), tokenize('Choigou'));
    assert.deepEqual(tokenize('more than 100,000 soldiers'), ['100000', 'soldier']);
  });
});

describe('Bm25Index', () => {
  const docs = [
    'Germany refused to deliver weapons',
    'The United Kingdom will deliver anti-tank weapons',
    'Sweden deploys troops on Gotland',
    'weather report',
  ];
  const index = new Bm25Index(buildBm25(docs.map(tokenize)));

  it('ranks documents sharing rare terms first', () => {
    const results = index.search(tokenize('Why did Germany refuse weapons?'), 10);
    assert.equal(results[0]?.index, 0);
    assert.deepEqual(results.map((r) => r.index).sort(), [0, 1]);
    assert.ok((results[0]?.score ?? 0) > (results[1]?.score ?? 0));
  });

  it('returns nothing for unknown terms and respects k', () => {
    assert.deepEqual(index.search(tokenize('Canada population'), 5), []);
    assert.equal(index.search(tokenize('deliver weapons'), 1).length, 1);
  });

  it('indexes terms that are names of Object.prototype members', () => {
    const data = buildBm25([['constructor', 'tostring', 'valueof'], ['hasownproperty']]);
    const copy = new Bm25Index(JSON.parse(JSON.stringify(data)));
    assert.equal(copy.search(['constructor'], 1)[0]?.index, 0);
    assert.equal(copy.search(['hasownproperty'], 1)[0]?.index, 1);
  });

  it('survives a JSON round trip', () => {
    const copy = new Bm25Index(JSON.parse(JSON.stringify(buildBm25(docs.map(tokenize)))));
    assert.deepEqual(copy.search(tokenize('Gotland troops'), 3), index.search(tokenize('Gotland troops'), 3));
  });
});
