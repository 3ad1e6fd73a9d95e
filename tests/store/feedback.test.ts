import assert from 'node:assert/strict';
import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FEEDBACK_FILE, filesFeedback } from '@/lib/store/files/feedback';
import type { FeedbackEntry } from '@/lib/store/feedback';
import { tempDir } from '../helpers';

const entry = (id: string, verdict: 'up' | 'down', comment?: string): FeedbackEntry => ({
  id,
  receivedAt: '2026-12-07T10:00:00.000Z',
  conversation: 'c',
  question: 'q?',
  answer: 'a [1]',
  citations: [],
  answerer: 'extractive',
  version: 'v1',
  confidence: 'high',
  refused: false,
  verdict,
  ...(comment ? { comment } : {}),
});

describe('files feedback log', () => {
  it('reads nothing from a folder that does not exist yet', async () => {
    assert.deepEqual(await filesFeedback(path.join(await tempDir(), 'none'), 1024).entries(), []);
  });

  it('rotates at the size limit, keeps every entry, and the last entry of an id wins', async () => {
    const dir = await tempDir();
    const log = filesFeedback(dir, 600);
    await Promise.all(Array.from({ length: 10 }, (_, i) => log.append(entry(`id-${i}`, 'up'))));
    await log.append(entry('id-3', 'up', 'a comment added later'));
    const files = await readdir(dir);
    assert.ok(files.length > 1 && files.includes(FEEDBACK_FILE), files.join(', '));
    const entries = await log.entries();
    assert.deepEqual(
      entries.map((e) => e.id),
      Array.from({ length: 10 }, (_, i) => `id-${i}`),
    );
    assert.equal(entries[3]?.comment, 'a comment added later');
  });

  it('passes over a line cut short by a crash, and the next entry stays whole', async () => {
    const dir = await tempDir();
    const log = filesFeedback(dir, 1024 * 1024);
    await log.append(entry('whole', 'down'));
    await appendFile(path.join(dir, FEEDBACK_FILE), '{"id":"torn","verd');
    await log.append(entry('after', 'up'));
    assert.deepEqual(
      (await log.entries()).map((e) => e.id),
      ['whole', 'after'],
    );
  });
});
