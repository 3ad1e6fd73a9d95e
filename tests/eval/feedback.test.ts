import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedbackItems, feedbackStats, keyPhrase } from '@/lib/eval/feedback';
import type { FeedbackEntry } from '@/lib/store/feedback';

const SENTENCE =
  'Germany, on the other hand, refused to follow suit, as this would not contribute to defuse the crisis, said its Minister of Defense, Christine Lambrecht, on Saturday.';

describe('keyPhrase', () => {
  it('takes the longest run of words the question did not use, verbatim, at most six words', () => {
    assert.equal(keyPhrase(SENTENCE, 'Who is the Minister of Defense of Germany?', SENTENCE), 'hand, refused to follow suit');
    assert.equal(keyPhrase(SENTENCE, 'Why did Germany refuse weapons?', SENTENCE), 'follow suit');
  });

  it('takes only a phrase the answer shows', () => {
    const shown = 'Germany refused, said its Minister of Defense, Christine Lambrecht, on Saturday.';
    assert.equal(keyPhrase(SENTENCE, 'Who is the Minister of Defense of Germany?', shown), 'Christine Lambrecht, on Saturday');
  });

  it('has none when the sentence only repeats the question', () => {
    assert.equal(keyPhrase('The crisis deepened.', 'Has the crisis deepened?', 'The crisis deepened.'), undefined);
  });
});

const entry = (over: Partial<FeedbackEntry>): FeedbackEntry => ({
  id: '0b8f1a2c-0000-4000-8000-000000000000',
  receivedAt: '2026-12-07T10:00:00.000Z',
  conversation: 'c',
  question: 'Who is the Minister of Defense of Germany?',
  answer: `${SENTENCE} [1]`,
  citations: [{ id: 1, doc: 'a.txt', title: 'A', start: 10, end: 180, text: SENTENCE }],
  answerer: 'extractive',
  version: 'v1',
  confidence: 'high',
  refused: false,
  verdict: 'up',
  ...over,
});

describe('feedbackItems', () => {
  it('turns a thumbs up into an answerable item and a thumbs down into one flagged for review', () => {
    const items = feedbackItems([
      entry({}),
      entry({ id: '1c9e0000-0000-4000-8000-000000000000', verdict: 'down', comment: 'Wrong minister.', confidence: 'low' }),
    ]);
    assert.deepEqual(items, [
      {
        id: 'feedback-0b8f1a2c',
        kind: 'direct',
        question: 'Who is the Minister of Defense of Germany?',
        messages: null,
        answerable: true,
        expect_docs: ['a.txt'],
        expect_any: ['hand, refused to follow suit'],
      },
      {
        id: 'feedback-1c9e0000',
        kind: 'direct',
        question: 'Who is the Minister of Defense of Germany?',
        messages: null,
        answerable: true,
        expect_docs: ['a.txt'],
        expect_any: [],
        review: true,
        answer: `${SENTENCE} [1]`,
        comment: 'Wrong minister.',
      },
    ]);
  });

  it('flags a thumbs-up refusal for review: there is no cited phrase to expect', () => {
    const [item] = feedbackItems([entry({ refused: true, citations: [], confidence: 'none' })]);
    assert.equal(item?.review, true);
  });
});

describe('feedbackStats', () => {
  it('counts thumbs up and down by answerer and by confidence', () => {
    const stats = feedbackStats([entry({}), entry({ verdict: 'down', confidence: 'low' }), entry({ answerer: 'llm', confidence: 'low' })]);
    assert.deepEqual(stats, {
      total: 3,
      byAnswerer: [
        { key: 'extractive', up: 1, down: 1 },
        { key: 'llm', up: 1, down: 0 },
      ],
      byConfidence: [
        { key: 'high', up: 1, down: 0 },
        { key: 'low', up: 1, down: 1 },
      ],
    });
  });
});
