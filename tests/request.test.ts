import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS, parseAskRequest } from '@/lib/request';

describe('parseAskRequest', () => {
  it('accepts a question or a conversation ending with the user', () => {
    assert.deepEqual(parseAskRequest({ question: '  Why?  ' }), { ok: true, request: { question: 'Why?' } });
    const messages = [
      { role: 'user', content: 'Who?' },
      { role: 'assistant', content: 'Someone.' },
      { role: 'user', content: 'Why?' },
    ];
    assert.equal(parseAskRequest({ messages }).ok, true);
  });

  const bad: [string, unknown, RegExp][] = [
    ['missing question', {}, /expected \{"question"/],
    ['empty question', { question: '   ' }, /must not be empty/],
    ['non-string question', { question: 42 }, /must be a string/],
    ['too long', { question: 'x'.repeat(LIMITS.questionChars + 1) }, /at most 2000 characters/],
    ['too many messages', { messages: Array.from({ length: 51 }, () => ({ role: 'user', content: 'q' })) }, /at most 50 messages/],
    ['unknown role', { messages: [{ role: 'robot', content: 'q' }] }, /role must be/],
    [
      'assistant last',
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a' },
        ],
      },
      /last message must be from the user/,
    ],
    ['not an object', 'why', /expected \{"question"/],
    ['unknown field', { question: 'q', model: 'x' }, /Unrecognized key/],
  ];
  for (const [name, body, message] of bad) {
    it(`rejects ${name}`, () => {
      const result = parseAskRequest(body);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.error, message);
    });
  }
});
