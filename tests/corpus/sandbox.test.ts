import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from '@/lib/corpus';
import { sandboxedExtractor } from '@/lib/corpus/sandbox';
import { makePdf, pdfBomb } from '../fixtures/pdf';
import { EXTRACTION, LIMITS, tempDir } from '../helpers';

/** Runs `work` while sampling how late a 20 ms timer fires on this thread. */
async function withLag<T>(work: () => Promise<T>): Promise<{ result: T; maxLagMs: number }> {
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 20);
    last = now;
  }, 20);
  try {
    return { result: await work(), maxLagMs };
  } finally {
    clearInterval(timer);
  }
}

describe('sandboxed extraction', () => {
  it('gives what parseDocument gives, for text and PDF', async () => {
    const dir = await tempDir();
    const pdf = makePdf(['The Zephyr treaty was signed in Reykjavik.'], 'Zephyr Treaty');
    await writeFile(path.join(dir, 'a.pdf'), pdf);
    await writeFile(path.join(dir, 'b.md'), '# Title\n\nSome text.');
    const extractor = sandboxedExtractor({ ...EXTRACTION, memoryMb: 256, timeoutMs: 30_000 });
    try {
      assert.deepEqual(await extractor.parse('a.pdf', path.join(dir, 'a.pdf')), await parseDocument('a.pdf', pdf, LIMITS));
      assert.deepEqual(
        await extractor.parse('b.md', path.join(dir, 'b.md')),
        await parseDocument('b.md', Buffer.from('# Title\n\nSome text.'), LIMITS),
      );
    } finally {
      await extractor.close();
    }
  });

  it('skips a PDF bomb over the memory cap without stalling this thread, then reads the next file', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'bomb.pdf'), pdfBomb(1_000_000));
    await writeFile(path.join(dir, 'after.txt'), 'The next file still reads.');
    const extractor = sandboxedExtractor({ ...EXTRACTION, memoryMb: 128, timeoutMs: 60_000 });
    try {
      const { result, maxLagMs } = await withLag(() => extractor.parse('bomb.pdf', path.join(dir, 'bomb.pdf')));
      assert.deepEqual(result, { id: 'bomb.pdf', reason: 'reading it needs more than 128 MiB (EXTRACT_MEMORY_MB)', problem: 'too-costly' });
      assert.ok(maxLagMs < 250, `this thread stalled ${maxLagMs.toFixed(0)} ms`);
      const next = await extractor.parse('after.txt', path.join(dir, 'after.txt'));
      assert.equal('text' in next && next.text, 'The next file still reads.');
    } finally {
      await extractor.close();
    }
  });

  it('skips a file that takes longer than the time limit', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'slow.pdf'), pdfBomb(1_000_000));
    const extractor = sandboxedExtractor({ ...EXTRACTION, memoryMb: 4096, timeoutMs: 1500 });
    try {
      const started = Date.now();
      assert.deepEqual(await extractor.parse('slow.pdf', path.join(dir, 'slow.pdf')), {
        id: 'slow.pdf',
        reason: 'reading it takes longer than 1.5 s (EXTRACT_TIMEOUT_MS)',
        problem: 'too-costly',
      });
      assert.ok(Date.now() - started < 5000);
    } finally {
      await extractor.close();
    }
  });
});
