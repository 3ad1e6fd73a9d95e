import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quoteText } from '@/lib/answer/quote';
import { clientOf, guardApiRequest, sameOriginRefusal } from '@/lib/security/guard';
import { requestLineRefusal } from '@/lib/security/routes';
import { testConfig } from '../helpers';

const headers = (h: Record<string, string>) => new Headers(h);

describe('sameOriginRefusal', () => {
  it("accepts the page's own request and clients that are not browsers", () => {
    assert.equal(
      sameOriginRefusal(
        headers({ host: 'localhost:3000', origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin', 'x-corpus-chat': '1' }),
        false,
      ),
      undefined,
    );
    assert.equal(sameOriginRefusal(headers({ host: 'localhost:3000' }), false), undefined, 'curl');
    assert.equal(sameOriginRefusal(headers({ host: 'localhost:3000', 'sec-fetch-mode': 'cors' }), false), undefined, "Node's fetch");
  });

  it('refuses other sites, other ports and browser requests without the header', () => {
    const refused = (h: Record<string, string>) => sameOriginRefusal(headers({ host: 'localhost:3000', ...h }), false)?.status;
    assert.equal(refused({ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'x-corpus-chat': '1' }), 403);
    assert.equal(refused({ origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site' }), 403, 'another port is another origin');
    assert.equal(refused({ origin: 'http://localhost:4000' }), 403, 'a browser without Sec-Fetch-Site');
    assert.equal(refused({ origin: 'null' }), 403, 'sandboxed frames and file pages');
    assert.equal(refused({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }), 403, 'no x-corpus-chat header');
  });

  it('compares with X-Forwarded-Host only behind a trusted proxy', () => {
    const h = headers({
      host: 'app:3000',
      'x-forwarded-host': 'docs.example.org',
      origin: 'https://docs.example.org',
      'sec-fetch-site': 'same-origin',
      'x-corpus-chat': '1',
    });
    assert.equal(sameOriginRefusal(h, true), undefined);
    assert.equal(sameOriginRefusal(h, false)?.status, 403);
  });
});

describe('guardApiRequest', () => {
  it('checks the key on every route but health, and same-origin only on uploads', () => {
    const config = testConfig({ CORPUS_CHAT_API_KEY: 'a-long-enough-key', UPLOAD_RATE_LIMIT_PER_MINUTE: '0' });
    assert.equal(guardApiRequest('GET', '/api/health', headers({}), config), undefined);
    assert.equal(guardApiRequest('GET', '/api/overview', headers({}), config)?.status, 401);
    const keyed = { authorization: 'Bearer a-long-enough-key', host: 'h', origin: 'http://evil.example' };
    assert.equal(guardApiRequest('POST', '/api/answer', headers(keyed), config), undefined);
    assert.equal(guardApiRequest('POST', '/api/documents', headers(keyed), config)?.status, 403);
  });

  it('takes the last X-Forwarded-For entry as the client', () => {
    assert.equal(clientOf(headers({ 'x-forwarded-for': '203.0.113.9, 127.0.0.1' })), '127.0.0.1');
    assert.equal(clientOf(headers({})), 'unknown');
  });
});

describe('requestLineRefusal', () => {
  it('answers methods Next.js cannot take and malformed paths', () => {
    assert.equal(requestLineRefusal('TRACE', '/')?.status, 405);
    assert.equal(requestLineRefusal('CONNECT', '/')?.status, 405);
    assert.equal(requestLineRefusal('GET', '/api/documents/%zz')?.status, 400);
    assert.equal(requestLineRefusal('GET', '/api/documents/%E0%A4%A')?.status, 400);
    assert.equal(requestLineRefusal('GET', '/api/documents/a%20b.txt?x=%zz'), undefined, 'the query is not the path');
    assert.equal(requestLineRefusal('DELETE', '/'), undefined);
  });
});

describe('quoteText', () => {
  it('escapes brackets so document text cannot forge citation markers', () => {
    assert.equal(quoteText('See [7] and [2](#cite-2) here.\n'), 'See \\[7\\] and \\[2\\](#cite-2) here. ');
    assert.equal(quoteText('a\\b'), 'a\\\\b');
  });
});
