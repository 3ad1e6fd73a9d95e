import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intentOf, overviewTerms } from '@/lib/answer/intent';

describe('intentOf', () => {
  const cases: [string, ReturnType<typeof intentOf>][] = [
    ['hello', 'greeting'],
    ['Hi there!', 'greeting'],
    ['thanks!', 'greeting'],
    ['Thank you very much', 'greeting'],
    ['what can you do?', 'help'],
    ['How does this work?', 'help'],
    ['which documents do you have?', 'collection'],
    ['How many files are there?', 'collection'],
    ['List your sources', 'collection'],
    ['What are these articles about?', 'overview'],
    ['What is this corpus about?', 'overview'],
    ['Summarize the documents', 'overview'],
    ['Give me a short summary', 'overview'],
    ['What happened between the two ministers?', 'overview'],
    ['What are the main points?', 'overview'],
    ['Which countries are mentioned?', 'collection'],
    ['What people are named?', 'collection'],
    // Questions that only look like small talk or collection questions go to the answerer.
    ['Hello, why did the minister refuse?', 'question'],
    ['Thanks, but who signed it?', 'question'],
    ['What happened when I ran the installer?', 'question'],
    ['Which documents mention the treaty?', 'question'],
    ['How many threads can xz use?', 'question'],
    ['What does the help flag do?', 'question'],
  ];
  for (const [question, intent] of cases) {
    it(`${JSON.stringify(question)} → ${intent}`, () => assert.equal(intentOf(question), intent));
  }

  it('takes the configured corpus name as a word for the collection', () => {
    assert.equal(intentOf('What are the manual pages about?', 'manual pages'), 'overview');
    assert.equal(intentOf('Which pages do you have?', 'manual pages'), 'collection');
    assert.equal(intentOf('Which reports do you have?', 'annual reports'), 'collection');
    assert.equal(intentOf('Which reports do you have?'), 'question');
  });
});

describe('overviewTerms', () => {
  it('keeps what an overview question is about and drops the words of the request', () => {
    assert.deepEqual(overviewTerms('Summarize what happened between Russia and the UK'), ['russia', 'uk']);
    assert.deepEqual(overviewTerms('What are these articles about?'), []);
    assert.deepEqual(overviewTerms('Which countries are mentioned?'), []);
  });
});
