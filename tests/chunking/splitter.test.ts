import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkDocument } from '@/lib/chunking';
import { loadCorpus } from '@/lib/corpus';
import { countWords, splitSentences } from '@/lib/text/sentences';
import { CORPUS, EXTRACTION } from '../helpers';

const { documents } = await loadCorpus(CORPUS, EXTRACTION);

describe('chunkDocument on the corpus', () => {
  for (const options of [
    { maxWords: 120, overlapWords: 30 },
    { maxWords: 40, overlapWords: 0 },
    { maxWords: 60, overlapWords: 20 },
  ]) {
    it(`round-trips offsets and never cuts a sentence (${options.maxWords}/${options.overlapWords})`, () => {
      for (const doc of documents) {
        const { passages, sentences } = chunkDocument(doc, options);
        const starts = new Set(sentences.map((s) => s.start));
        const ends = new Set(sentences.map((s) => s.end));
        passages.forEach((p, i) => {
          assert.equal(p.text, doc.text.slice(p.start, p.end));
          assert.equal(p.id, `${doc.id}#${i}`);
          assert.equal(p.ordinal, i);
          assert.equal(p.docId, doc.id);
          assert.equal(p.title, doc.title);
          assert.ok(starts.has(p.start) && ends.has(p.end), `passage ${p.id} must start and end on sentence boundaries`);
          const inside = sentences.filter((s) => s.start >= p.start && s.end <= p.end);
          assert.ok(inside.length === 1 || countWords(p.text) <= options.maxWords, `passage ${p.id} exceeds ${options.maxWords} words`);
        });
        for (const s of sentences) assert.equal(s.text, doc.text.slice(s.start, s.end));
        // every sentence is in at least one passage
        for (const s of sentences) assert.ok(passages.some((p) => p.start <= s.start && s.end <= p.end));
      }
    });
  }

  it('repeats trailing sentences as overlap only within the budget', () => {
    const doc = documents[1];
    assert.ok(doc);
    const { passages } = chunkDocument(doc, { maxWords: 60, overlapWords: 20 });
    for (let i = 1; i < passages.length; i++) {
      const prev = passages[i - 1];
      const cur = passages[i];
      assert.ok(prev && cur);
      assert.ok(cur.start > prev.start, 'passages advance');
      if (cur.start < prev.end) assert.ok(countWords(doc.text.slice(cur.start, prev.end)) <= 20);
    }
  });
});

describe('chunkDocument edge cases', () => {
  it('keeps an over-long sentence whole', () => {
    const long = `${Array.from({ length: 50 }, (_, i) => `Word${i}`).join(' ')}.`;
    const doc = { id: 'x.txt', title: 'x', text: `Short one. ${long} Short two.` };
    const { passages } = chunkDocument(doc, { maxWords: 10, overlapWords: 0 });
    assert.ok(passages.some((p) => p.text === long));
    assert.deepEqual(splitSentences(doc.text).length, 3);
  });

  it('returns nothing for an empty document', () => {
    assert.deepEqual(chunkDocument({ id: 'e', title: 'e', text: '' }, { maxWords: 10, overlapWords: 0 }).passages, []);
  });
});
