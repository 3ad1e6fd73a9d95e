import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

// Two instances of one module, as Next.js makes when the page and the API routes (different layers) import it.
async function twoCopies<T>(specifier: string): Promise<[T, T]> {
  const url = new URL(specifier, import.meta.url).href;
  return [(await import(`${url}?copy=1`)) as T, (await import(`${url}?copy=2`)) as T];
}

describe('process-wide caches', () => {
  it('two instances of a module share what processWide holds', async () => {
    const [a, b] = await twoCopies<typeof import('@/lib/memo')>('../lib/memo.ts');
    assert.notEqual(a, b, 'the module was loaded twice');
    const made = a.processWide('memo-test', () => ({ made: 'first' }));
    assert.equal(
      b.processWide('memo-test', () => ({ made: 'second' })),
      made,
    );
  });

  it('the page and the routes get one index handle per store', async () => {
    const [a, b] = await twoCopies<typeof import('@/lib/store/handle')>('../lib/store/handle.ts');
    const source = { load: () => Promise.reject(new Error('not loaded in this test')), current: async () => undefined, recheckMs: 1000 };
    assert.equal(a.liveHandle('files:/tmp/some-index', source), b.liveHandle('files:/tmp/some-index', source));
    assert.notEqual(a.liveHandle('files:/tmp/some-index', source), a.liveHandle('files:/tmp/other-index', source));
  });

  it('a failed promise is dropped from the cache, so the next call retries', async () => {
    const [a, b] = await twoCopies<typeof import('@/lib/memo')>('../lib/memo.ts');
    let calls = 0;
    const create = () => (++calls === 1 ? Promise.reject(new Error('not yet')) : Promise.resolve(calls));
    await assert.rejects(a.promiseCache<number>('memo-retry')('k', create));
    assert.equal(await b.promiseCache<number>('memo-retry')('k', create), 2);
    assert.equal(await a.promiseCache<number>('memo-retry')('k', create), 2);
  });

  it('an AppError from one copy of lib/errors keeps its status and message in another', async () => {
    const [a, b] = await twoCopies<typeof import('@/lib/errors')>('../lib/errors.ts');
    const error = new a.AppError('index_missing', 'No index found.');
    assert.ok(b.isAppError(error));
    assert.equal(b.userMessage(error), 'No index found.');
    assert.equal(error.status, 503);
    assert.ok(!b.isAppError(new Error('No index found.')));
    assert.ok(!b.isAppError({ code: 'index_missing', message: 'forged' }));
  });
});
