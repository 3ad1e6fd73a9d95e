import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from '@/lib/security/rate-limit';
import { matchApiRoute } from '@/lib/security/routes';

describe('RateLimiter', () => {
  it('allows a burst, then one request per refill interval, per client', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 });
    const t = 1_000_000;
    assert.deepEqual(
      [1, 2, 3].map(() => limiter.take('a', t).allowed),
      [true, true, true],
    );
    assert.deepEqual(limiter.take('a', t), { allowed: false, retryAfterSeconds: 1 });
    assert.equal(limiter.take('b', t).allowed, true, 'another client has its own bucket');
    assert.equal(limiter.take('a', t + 1000).allowed, true, 'one token back after a second at 60/min');
    assert.equal(limiter.take('a', t + 1000).allowed, false);
  });
});

describe('matchApiRoute', () => {
  it('knows the methods of every API route', () => {
    assert.deepEqual(matchApiRoute('/api/answer', 'POST'), { kind: 'ok', limit: 'questions', changesState: false, open: false });
    assert.deepEqual(matchApiRoute('/api/answer', 'GET'), { kind: 'method', allow: ['POST'] });
    assert.deepEqual(matchApiRoute('/api/documents/a/b.txt', 'GET'), { kind: 'ok', changesState: false, open: false });
    assert.deepEqual(matchApiRoute('/api/documents', 'POST'), { kind: 'ok', limit: 'uploads', changesState: true, open: false });
    assert.deepEqual(matchApiRoute('/api/documents', 'GET'), { kind: 'ok', changesState: false, open: false });
    assert.deepEqual(
      matchApiRoute('/api/documents/a/b.txt', 'DELETE'),
      { kind: 'ok', limit: 'uploads', changesState: true, open: false },
      "a deletion has an upload's rules",
    );
    assert.deepEqual(matchApiRoute('/api/documents/a.txt', 'PUT'), { kind: 'method', allow: ['GET', 'HEAD', 'DELETE'] });
    assert.deepEqual(matchApiRoute('/api/health', 'GET'), { kind: 'ok', changesState: false, open: true });
    assert.deepEqual(matchApiRoute('/api/nope', 'GET'), { kind: 'unknown' });
  });
});
