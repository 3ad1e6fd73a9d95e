import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { checkDecodedSize, DecodedTooLarge } from '@/lib/corpus/pdf-streams';

/** One stream object with this dictionary and these bytes. */
const streamObject = (n: number, dictionary: string, data: Buffer) =>
  Buffer.concat([
    Buffer.from(`${n} 0 obj\n<< ${dictionary} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\n'),
  ]);

describe('checkDecodedSize', () => {
  const text = Buffer.from('BT (Hello) Tj ET '.repeat(100)); // 1,700 bytes
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.4\n'),
    streamObject(1, '/Filter /FlateDecode', deflateSync(text)),
    streamObject(2, '/Filter [/FlateDecode /FlateDecode]', deflateSync(deflateSync(text))),
    streamObject(3, '', text),
    streamObject(4, '/Filter /DCTDecode', Buffer.from('not inflated')),
    streamObject(5, '/Filter /FlateDecode', Buffer.from('damaged, left to pdf.js')),
  ]);

  it('counts every Flate stage of every stream, and nothing else', () => {
    // Object 1: 1,700. Object 2: its outer stage (the inner deflate's bytes), then 1,700.
    assert.equal(checkDecodedSize(pdf, 1_000_000), 1700 + deflateSync(text).length + 1700);
  });

  it('stops at the budget, nested filters included', () => {
    assert.throws(
      () => checkDecodedSize(pdf, 3000),
      (e: unknown) => e instanceof DecodedTooLarge && e.budget === 3000,
    );
    const bomb = streamObject(1, '/Filter [/FlateDecode /FlateDecode]', deflateSync(deflateSync(Buffer.alloc(50_000_000, 32))));
    assert.ok(bomb.length < 10_000);
    assert.throws(() => checkDecodedSize(bomb, 10_000_000), DecodedTooLarge);
  });
});
