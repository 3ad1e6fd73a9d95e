import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completion, sourcesText } from '@/lib/openai/format';
import { parseChatCompletion } from '@/lib/openai/schema';

describe('parseChatCompletion', () => {
  it('turns OpenAI messages (string or text parts, developer as system) into a conversation', () => {
    const parsed = parseChatCompletion({
      model: 'corpus-chat',
      temperature: 0.3,
      stream: true,
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Why did ' },
            { type: 'text', text: 'Germany refuse?' },
          ],
        },
      ],
    });
    assert.deepEqual(parsed, {
      ok: true,
      stream: true,
      request: {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Why did Germany refuse?' },
        ],
      },
    });
  });

  it('refuses what it cannot honour with OpenAI-style errors', () => {
    const error = (body: unknown) => {
      const parsed = parseChatCompletion(body);
      assert.equal(parsed.ok, false);
      return parsed.ok ? undefined : parsed.error;
    };
    assert.equal(error({ model: 'gpt-4o', messages: [{ role: 'user', content: 'q' }] })?.body.error.code, 'model_not_found');
    assert.equal(error({ model: 'corpus-chat', n: 3, messages: [{ role: 'user', content: 'q' }] })?.body.error.param, 'n');
    assert.equal(error({ model: 'corpus-chat', tools: [{}], messages: [{ role: 'user', content: 'q' }] })?.status, 400);
    assert.equal(
      error({ model: 'corpus-chat', messages: [{ role: 'assistant', content: 'a' }] })?.body.error.type,
      'invalid_request_error',
    );
    assert.equal(error({ messages: [] })?.status, 400);
  });
});

describe('completion format', () => {
  const response = {
    question: 'q',
    query: 'q',
    answer: 'A claim. [1]',
    citations: [{ id: 1, doc: 'a.txt', title: 'Title A', text: 'A claim.', start: 0, end: 8, score: 1 }],
    passages: [],
    refused: false,
    confidence: 'high' as const,
    support: 0.91,
    kind: 'answer' as const,
    answerer: 'extractive' as const,
    version: 'v1-abc',
  };

  it('appends a Sources list and carries citations in corpus_chat', () => {
    assert.equal(sourcesText(response), '\n\nSources:\n[1] Title A (a.txt)');
    const body = completion(response, 'q');
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.choices[0]?.message.content, 'A claim. [1]\n\nSources:\n[1] Title A (a.txt)');
    assert.deepEqual(body.corpus_chat.citations, response.citations);
    assert.equal(body.corpus_chat.support, 0.91);
    assert.equal(body.corpus_chat.confidence, 'high');
  });

  it('leaves support out of corpus_chat where the reply judged no answer', () => {
    const { support: _support, ...greeting } = response;
    assert.equal('support' in completion({ ...greeting, kind: 'greeting', confidence: 'none' }, 'hi').corpus_chat, false);
  });
});
