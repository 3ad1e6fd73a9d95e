import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quoteText } from '@/lib/answer/quote';
import { clientOf, guardApiRequest, sameOriginRefusal } from '@/lib/security/guard';
import { frontRefusal, hostAllowed, hostName, isLoopback } from '@/lib/security/front';
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

describe('frontRefusal', () => {
  const config = testConfig({});
  const front = (method: string, target: string, host = '127.0.0.1:3000') => frontRefusal({ method, target, headers: { host } }, config);

  it('answers methods Next.js cannot take and malformed paths', () => {
    assert.equal(front('TRACE', '/')?.status, 405);
    assert.equal(front('CONNECT', '/')?.status, 405);
    assert.equal(front('GET', '/api/documents/%zz')?.status, 400);
    assert.equal(front('GET', '/api/documents/%E0%A4%A')?.status, 400);
    assert.equal(front('GET', '/api/documents/a%20b.txt?x=%zz'), undefined, 'the query is not the path');
  });

  it('takes only paths as request targets', () => {
    assert.equal(front('OPTIONS', '*')?.status, 400);
    assert.equal(front('GET', '*')?.status, 400);
    assert.equal(front('GET', 'http://evil.example/api/health')?.status, 400);
    assert.equal(front('GET', '//evil.example/')?.status, 400);
    assert.equal(front('GET', '/api/health'), undefined);
  });

  it('refuses Host names it was not started for, before anything else runs', () => {
    assert.equal(front('GET', '/', 'evil.example:3000')?.status, 421);
    assert.equal(front('POST', '/api/documents', 'rebind.evil.example')?.status, 421);
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', '192.168.1.20:3000', 'app.localhost'])
      assert.equal(front('GET', '/', host), undefined, host);
    const named = testConfig({ HOST: '0.0.0.0', ALLOWED_HOSTS: 'chat.example.org, .corp.example' });
    const allowed = (host: string) => hostAllowed(host, named.server);
    assert.deepEqual(
      [
        'chat.example.org',
        'CHAT.example.org.:443',
        'wiki.corp.example',
        'corp.example',
        'evil.example',
        'chat.example.org.evil.example',
        '0.0.0.0x',
      ].map(allowed),
      [true, true, true, true, false, false, false],
    );
    assert.equal(hostAllowed('anything.example', testConfig({ ALLOWED_HOSTS: '*' }).server), true);
    assert.equal(hostAllowed('box.lan', testConfig({ HOST: 'box.lan' }).server), true, 'the name it was bound to');
  });

  it('uses X-Forwarded-Host only behind a trusted proxy, and checks it too', () => {
    const proxied = testConfig({ TRUST_PROXY: 'true', ALLOWED_HOSTS: 'docs.example.org' });
    const forwarded = (h: string) =>
      frontRefusal({ method: 'GET', target: '/', headers: { host: '127.0.0.1:3000', 'x-forwarded-host': h } }, proxied)?.status;
    assert.equal(forwarded('docs.example.org'), undefined);
    assert.equal(forwarded('evil.example'), 421);
  });

  it('serves images of this site only, and pages to GET and HEAD only', () => {
    assert.equal(front('GET', '/_next/image?url=/\\127.0.0.1:9/x.png&w=64&q=75')?.status, 400);
    assert.equal(front('GET', '/_next/image?url=//evil.example/x.png&w=64&q=75')?.status, 400);
    assert.equal(front('GET', '/_next/image?url=https://evil.example/x.png&w=64&q=75')?.status, 400);
    assert.equal(front('GET', '/_next/image?url=%2Ficon.svg&w=64&q=75'), undefined);
    assert.equal(front('PUT', '/')?.status, 405);
    assert.equal(front('DELETE', '/')?.headers?.Allow, 'GET, HEAD');
    assert.equal(front('HEAD', '/'), undefined);
    assert.equal(front('DELETE', '/api/documents/x.txt'), undefined, 'API routes answer their own methods');
  });

  it('reads host names and loopback addresses', () => {
    assert.deepEqual(['[::1]:80', 'Example.ORG.', 'a b', 'x:y:z', ''].map(hostName), [
      '::1',
      'example.org',
      undefined,
      undefined,
      undefined,
    ]);
    assert.deepEqual(['127.0.0.1', '127.8.0.1', '::1', 'localhost', '0.0.0.0', '192.168.1.2', 'example.org'].map(isLoopback), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('anonymous writes', () => {
  const upload = (env: Record<string, string>) =>
    guardApiRequest(
      'POST',
      '/api/documents',
      headers({ host: '10.0.0.5:3000' }),
      testConfig({ UPLOAD_RATE_LIMIT_PER_MINUTE: '0', ...env }),
    );

  it('are refused on a server bound beyond this machine without a key, unless allowed', () => {
    const refusal = upload({ HOST: '0.0.0.0' });
    assert.equal(refusal?.status, 403);
    assert.match(refusal?.error ?? '', /without an API key.*CORPUS_CHAT_API_KEY.*ALLOW_ANONYMOUS_WRITES=true/);
    assert.equal(upload({ HOST: '0.0.0.0', ALLOW_ANONYMOUS_WRITES: 'true' }), undefined);
    assert.equal(upload({ HOST: '0.0.0.0', CORPUS_CHAT_API_KEY: 'k'.repeat(12) })?.status, 401, 'the key decides');
    assert.equal(upload({ HOST: '127.0.0.1' }), undefined);
    assert.equal(
      guardApiRequest('POST', '/api/answer', headers({}), testConfig({ HOST: '0.0.0.0', RATE_LIMIT_PER_MINUTE: '0' })),
      undefined,
      'questions are not writes',
    );
  });
});

describe('quoteText', () => {
  it('escapes brackets so document text cannot forge citation markers', () => {
    assert.equal(quoteText('See [7] and [2](#cite-2) here.\n'), 'See \\[7\\] and \\[2\\](#cite-2) here. ');
    assert.equal(quoteText('a\\b'), 'a\\\\b');
  });
});
