/** The English lexicon: the lists are used by name, so a test states what the few functions over them do. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alternation, negates, STOP_WORDS } from '@/lib/text/english';

describe('the English lexicon', () => {
  it('tells a negated text from one that is not', () => {
    for (const text of ['Germany did not send weapons.', "He didn't go.", 'It isn’t there.', 'Never again.', 'No troops went.'])
      assert.equal(negates(text), true, text);
    for (const text of ['Germany sent a field hospital.', 'The notice was posted.', 'Nobel laureates met.', 'A northern route.'])
      assert.equal(negates(text), false, text);
  });

  it('joins a list into one alternation and keeps its stop words lower-case', () => {
    assert.equal(alternation(['a', 'b?', 'c d']), '(?:a|b?|c d)');
    assert.ok(STOP_WORDS.has('the') && !STOP_WORDS.has('The'));
  });
});
