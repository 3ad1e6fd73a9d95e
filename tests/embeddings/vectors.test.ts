import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inBatches } from '@/lib/embeddings/vectors';

async function batchesOf(texts: string[], maxTexts: number, maxChars: number): Promise<string[][]> {
  const seen: string[][] = [];
  const out = await inBatches(texts, { maxTexts, maxChars }, async (batch) => {
    seen.push([...batch]);
    return batch.map((t) => t.toUpperCase());
  });
  assert.deepEqual(
    out,
    texts.map((t) => t.toUpperCase()),
    'results come back in input order',
  );
  return seen;
}

describe('inBatches', () => {
  it('cuts at the text count', async () => {
    assert.deepEqual(await batchesOf(['a', 'b', 'c', 'd', 'e'], 2, 1000), [['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('cuts at the character budget, and a text over the budget goes alone', async () => {
    const texts = ['aaaa', 'bbbb', 'cc', 'dddddddddddd', 'e', 'f'];
    assert.deepEqual(await batchesOf(texts, 10, 10), [['aaaa', 'bbbb', 'cc'], ['dddddddddddd'], ['e', 'f']]);
  });

  it('makes no call for no texts', async () => {
    assert.deepEqual(await batchesOf([], 4, 100), []);
  });
});
