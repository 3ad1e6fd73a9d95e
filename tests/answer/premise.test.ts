import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_POLICY } from '@/lib/answer/policy';
import { denies, premiseTerms } from '@/lib/answer/premise';

const { cues, premiseWindow } = DEFAULT_POLICY;

describe('premiseTerms', () => {
  it('takes the verb after the subject of a wh-question, or the clause a question opens with', () => {
    assert.deepEqual(premiseTerms('Why is the committee closing the harbour?'), ['close']);
    assert.deepEqual(premiseTerms('What treaty did Iceland and Norway sign in Oslo?'), ['sign']);
    assert.deepEqual(premiseTerms('Why does cron skip a job at startup?'), ['cron', 'skip'], 'a lower-case subject: both words count');
    assert.deepEqual(premiseTerms('Since gzip dropped the -q flag, what do I use instead?'), ['gzip', 'drop', 'q', 'flag']);
    assert.deepEqual(premiseTerms('The daemon reads ~/.netrc, so which line do I add?'), ['daemon', 'read', 'netrc']);
  });

  it('takes nothing for granted in a yes/no question or a plain one', () => {
    assert.deepEqual(premiseTerms('Did the committee close the harbour?'), []);
    assert.deepEqual(premiseTerms('Is gzip faster than xz?'), []);
    assert.deepEqual(premiseTerms('What is a machine ID?'), []);
  });
});

describe('denies', () => {
  it('finds a denial a few words before a term the question takes for granted', () => {
    assert.ok(denies('The council said it will not close the harbour this year.', ['close'], cues.deny, premiseWindow));
    assert.ok(denies("The minimal module doesn't read the file at all.", ['read'], cues.deny, premiseWindow));
    assert.ok(denies('Norway refused to sign it.', ['sign'], cues.deny, premiseWindow));
  });

  it('leaves a denial of something else, or one too far away, alone', () => {
    assert.ok(!denies('The harbour will close, though not before May.', ['close'], cues.deny, premiseWindow));
    assert.ok(!denies('It was not, as many had feared on the day, going to close.', ['close'], cues.deny, premiseWindow));
    assert.ok(!denies('Anything at all.', [], cues.deny, premiseWindow));
  });
});
