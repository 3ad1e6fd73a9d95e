import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';
import {
  type Conversation,
  conversationMarkdown,
  type HistoryStore,
  MAX_CONVERSATIONS,
  memoryStore,
  titleOf,
  withFallback,
} from '@/components/history-store';

const user = (id: string, text: string): AnswerUIMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const answer = (id: string, text: string): AnswerUIMessage => ({
  id,
  role: 'assistant',
  parts: [
    { type: 'text', text },
    {
      type: 'data-answer',
      data: {
        query: 'q',
        citations: [{ id: 1, doc: 'a.txt', title: 'Harbours', start: 10, end: 52, text: 'The harbour master is\n Ada Byron.', score: 1 }],
        passages: [],
        refused: false,
        confidence: 'high',
        kind: 'answer',
        answerer: 'extractive',
        version: 'v1',
      },
    },
  ],
});
const conversation = (id: string, updatedAt: number): Conversation => ({
  id,
  title: id,
  createdAt: updatedAt,
  updatedAt,
  messages: [user(`${id}-u`, 'Who is the harbour master?')],
});

describe('titleOf', () => {
  it('is the first question on one line, cut at a word after 80 characters', () => {
    assert.equal(titleOf([user('1', '  Who is\nthe harbour master?  '), user('2', 'later')]), 'Who is the harbour master?');
    assert.equal(
      titleOf([user('1', 'Which of the harbours along the northern coast charge a fee for small boats that stay overnight in summer?')]),
      'Which of the harbours along the northern coast charge a fee for small boats…',
    );
    assert.equal(titleOf([]), 'New chat');
  });
});

describe('memoryStore', () => {
  it('lists newest first and keeps at most MAX_CONVERSATIONS, dropping the oldest', async () => {
    const store = memoryStore();
    for (let i = 0; i < MAX_CONVERSATIONS + 5; i++) await store.put(conversation(`c${i}`, 1000 + i));
    const listed = await store.list();
    assert.equal(listed.length, MAX_CONVERSATIONS);
    assert.equal(listed[0]?.id, `c${MAX_CONVERSATIONS + 4}`);
    assert.equal(listed.at(-1)?.id, 'c5');
  });
});

describe('withFallback', () => {
  it('switches to memory at the first failure, keeping what it had, and says so once', async () => {
    const failing = memoryStore([conversation('kept', 1)]);
    let broken = false;
    const flaky: HistoryStore = {
      list: () => failing.list(),
      put: (c) => (broken ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : failing.put(c)),
      remove: (id) => failing.remove(id),
      clear: () => failing.clear(),
    };
    const notices: unknown[] = [];
    const store = withFallback(flaky, (error) => notices.push(error));
    assert.deepEqual(
      (await store.list()).map((c) => c.id),
      ['kept'],
    );
    broken = true;
    await store.put(conversation('new', 2));
    await store.put(conversation('newer', 3));
    assert.deepEqual(
      (await store.list()).map((c) => c.id),
      ['newer', 'new', 'kept'],
    );
    assert.equal(notices.length, 1);
  });
});

describe('conversationMarkdown', () => {
  it('writes each question and answer, and each answer’s numbered sources, marking removed ones', () => {
    const markdown = conversationMarkdown(
      {
        id: 'c',
        title: 'Harbours',
        createdAt: 0,
        updatedAt: 0,
        messages: [user('1', 'Who is the harbour master?'), answer('2', 'Ada Byron. [1]')],
      },
      (doc) => doc === 'a.txt',
    );
    assert.equal(
      markdown.replace(/on \d{4}-\d\d-\d\d/, 'on DATE'),
      [
        '# Harbours',
        '',
        'Exported from corpus-chat on DATE.',
        '',
        '**You:** Who is the harbour master?',
        '',
        '**Answer:** Ada Byron. [1]',
        '',
        'Sources:',
        '',
        '1. Harbours: a.txt, characters 10–52 (removed since)  ',
        '   > The harbour master is Ada Byron.',
        '',
      ].join('\n'),
    );
  });
});
