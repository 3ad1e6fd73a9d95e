import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeOverlapping, type RetrievedPassage } from '@/lib/retrieval';

const TEXT = 'abcdefghijklmnopqrstuvwxyz';
const p = (id: string, docId: string, start: number, end: number, score: number): RetrievedPassage => ({
  id,
  docId,
  title: docId,
  text: TEXT.slice(start, end),
  start,
  end,
  score,
});

describe('mergeOverlapping', () => {
  it('widens the better-ranked passage with an overlapping one from the same document', () => {
    const merged = mergeOverlapping([p('a#1', 'a', 5, 10, 0.9), p('b#0', 'b', 0, 5, 0.8), p('a#2', 'a', 8, 14, 0.7)], () => TEXT);
    assert.deepEqual(
      merged.map((m) => [m.id, m.start, m.end, m.text, m.score]),
      [
        ['a#1', 5, 14, 'fghijklmn', 0.9],
        ['b#0', 0, 5, 'abcde', 0.8],
      ],
    );
  });

  it('joins spans bridged by a later passage', () => {
    const merged = mergeOverlapping([p('a#0', 'a', 0, 4, 0.9), p('a#2', 'a', 8, 12, 0.8), p('a#1', 'a', 3, 9, 0.7)], () => TEXT);
    assert.deepEqual(
      merged.map((m) => [m.id, m.start, m.end]),
      [['a#0', 0, 12]],
    );
  });

  it('keeps adjacent but non-overlapping passages apart and stops at the limit', () => {
    const merged = mergeOverlapping([p('a#0', 'a', 0, 4, 0.9), p('a#1', 'a', 4, 8, 0.8), p('a#2', 'a', 7, 12, 0.7)], () => TEXT, 2);
    assert.deepEqual(
      merged.map((m) => [m.id, m.start, m.end]),
      [
        ['a#0', 0, 4],
        ['a#1', 4, 8],
      ],
    );
  });
});
