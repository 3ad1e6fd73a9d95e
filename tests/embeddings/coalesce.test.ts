import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coalescing } from '@/lib/embeddings/coalesce';
import type { Embedder } from '@/lib/embeddings';

/** A deterministic embedder recording the batches it is called with; "bad" texts fail their batch. */
function recording(): { embedder: Embedder; calls: string[][] } {
  const calls: string[][] = [];
  const embedder: Embedder = {
    id: 'fake',
    dimensions: 2,
    embed: async (texts) => {
      calls.push([...texts]);
      await new Promise((r) => setTimeout(r, 5));
      if (texts.includes('bad')) throw new Error('the model rejected a text');
      return texts.map((t) => Float32Array.of(t.length, 1));
    },
  };
  return { embedder, calls };
}

describe('coalescing embedder', () => {
  it('embeds concurrent callers together and gives each its own vectors', async () => {
    const { embedder, calls } = recording();
    const shared = coalescing(embedder, 8);
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
    const results = await Promise.all(texts.map((t) => shared.embed([t])));
    assert.deepEqual(
      results.map(([v]) => v?.[0]),
      [1, 2, 3, 4, 5],
    );
    assert.equal(calls.length, 1);
    assert.deepEqual(await shared.embed([]), []);
  });

  it('keeps each model call within the batch size, never splitting one caller', async () => {
    const { embedder, calls } = recording();
    const shared = coalescing(embedder, 3);
    const results = await Promise.all([shared.embed(['a', 'b']), shared.embed(['c', 'd']), shared.embed(['e', 'f', 'g', 'h'])]);
    assert.deepEqual(
      results.map((r) => r.length),
      [2, 2, 4],
    );
    assert.deepEqual(calls, [
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f', 'g', 'h'],
    ]);
  });

  it("does not fail other callers when one caller's text breaks the batch", async () => {
    const { embedder } = recording();
    const shared = coalescing(embedder, 8);
    const [good, bad, other] = await Promise.allSettled([shared.embed(['good']), shared.embed(['bad']), shared.embed(['other'])]);
    assert.equal(good.status, 'fulfilled');
    assert.equal(other.status, 'fulfilled');
    assert.equal(bad.status, 'rejected');
    assert.equal((await shared.embed(['later'])).length, 1, 'keeps working after a failure');
  });
});
