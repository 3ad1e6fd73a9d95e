/**
 * The answer core on plain data: a sentence's score under the policy, and
 * what weighing collected evidence decides (ranking, refusal and its reason,
 * confidence). No index, no model: the measurements are written out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CandidateSentence, CollectedEvidence, SentenceFeatures } from '@/lib/answer/evidence';
import { scoreOf, weighEvidence } from '@/lib/answer/evidence';
import { type AnswerModel, modelSchema } from '@/lib/answer/model';
import { DEFAULT_POLICY } from '@/lib/answer/policy';
import type { KeyTerm } from '@/lib/answer/question';
import { sentenceVectors } from '@/lib/store/vectors';
import { FEATURES } from './features';

/**
 * An answer model that reads the best score alone: support = σ(10 × score − 4), refused below 0.5, so below a
 * score of 0.4 (the default model is refitted by `npm run train`; these tests must not move with it).
 */
const MODEL: AnswerModel = modelSchema.parse({
  refusal: { features: ['score'], mean: [0], scale: [1], weights: [10], bias: -4, threshold: 0.5 },
  fitted: { questions: 0, folds: 0, maxAnswerableRefused: 0.025 },
});

const candidate = (index: number, features: Partial<SentenceFeatures> = {}): CandidateSentence => ({
  index,
  sentence: { docId: 'a.txt', start: index * 10, end: index * 10 + 9, text: `Sentence ${index}.` },
  title: 'A',
  features: { ...FEATURES, ...features },
});

const collected = (candidates: CandidateSentence[], extra: Partial<CollectedEvidence> = {}): CollectedEvidence => ({
  type: 'what',
  premise: [],
  missing: [],
  names: [],
  question: { negated: false },
  candidates,
  vectors: sentenceVectors(new Map(), 2),
  ...extra,
});

const name = (text: string): KeyTerm => ({ text, kind: 'name', forms: [text], heads: [] });

describe('scoreOf under the default policy', () => {
  it('adds the weighted signals: lexical (with the focus share), dense, passage and cue', () => {
    // 0.5 × 0.5 + 0.15 × 0.5 + 0.2 × 1 = 0.525; rank and names weigh 0.
    assert.equal(Number(scoreOf(FEATURES, DEFAULT_POLICY).toFixed(4)), 0.525);
    assert.equal(Number(scoreOf({ ...FEATURES, cue: true }, DEFAULT_POLICY).toFixed(4)), 0.625);
    assert.equal(Number(scoreOf({ ...FEATURES, lexical: 1, lexicalFocus: 0 }, DEFAULT_POLICY).toFixed(4)), 0.65);
  });

  it('halves a sentence whose passage is off topic, and judges no sentence by its length or its form', () => {
    const base = scoreOf(FEATURES, DEFAULT_POLICY);
    const ratio = (f: Partial<SentenceFeatures>) => Number((scoreOf({ ...FEATURES, ...f }, DEFAULT_POLICY) / base).toFixed(4));
    assert.deepEqual(
      { offTopic: ratio({ passageNames: 0 }), short: ratio({ words: 3 }), long: ratio({ words: 85 }) },
      { offTopic: 0.5, short: 1, long: 1 },
    );
  });
});

describe('weighEvidence under the default policy and a one-feature model', () => {
  it('ranks by score, the earlier sentence first among equals', () => {
    const evidence = weighEvidence(collected([candidate(3), candidate(1, { dense: 0.9 }), candidate(2)]), DEFAULT_POLICY, MODEL);
    assert.deepEqual(
      evidence.sentences.map((s) => s.index),
      [1, 2, 3],
    );
    assert.equal(evidence.refusal, undefined);
  });

  it('refuses, saying why: a name the corpus lacks, nothing retrieved, off topic, the model', () => {
    const missing = weighEvidence(collected([], { missing: [name('Macron')] }), DEFAULT_POLICY, MODEL);
    assert.equal(missing.refusal, 'the corpus never mentions Macron');
    assert.equal(weighEvidence(collected([]), DEFAULT_POLICY, MODEL).refusal, 'no passage was retrieved');
    const offTopic = weighEvidence(collected([candidate(0, { passageNames: 0 })], { names: [name('Gotland')] }), DEFAULT_POLICY, MODEL);
    assert.equal(offTopic.refusal, 'no retrieved passage is about Gotland');
    const weak = weighEvidence(
      collected([candidate(0, { lexical: 0.1, lexicalFocus: 0.1, dense: 0.1, passage: 0.5 })]),
      DEFAULT_POLICY,
      MODEL,
    );
    // Score 0.5 × 0.1 + 0.15 × 0.1 + 0.2 × 0.5 = 0.165, under the policy's floor: the model is not asked.
    assert.equal(weak.refusal, 'the best sentence scores 0.165 < 0.3');
    assert.equal(weak.support, 0);
    const doubtful = weighEvidence(collected([candidate(0, { lexical: 0.2, lexicalFocus: 0.2 })]), DEFAULT_POLICY, MODEL);
    // Score 0.375: σ(3.75 − 4) = 0.438.
    assert.equal(doubtful.refusal, 'the answer model gives 0.44 < 0.50 that an answer from it is right');
    assert.equal(Number(doubtful.support.toFixed(3)), 0.438);
  });

  it("gives high, medium or low confidence by the model's support, and no more than low to a count without a number", () => {
    const weighed = (f: Partial<SentenceFeatures>, type: CollectedEvidence['type'] = 'what') =>
      weighEvidence(collected([candidate(0, f)], { type }), DEFAULT_POLICY, MODEL);
    const confidence = (f: Partial<SentenceFeatures>, type: CollectedEvidence['type'] = 'what') => weighed(f, type).confidence;
    const sure = { lexical: 1, lexicalFocus: 1 };
    assert.equal(Number(weighed(sure).support.toFixed(3)), 0.977); // score 0.775: σ(3.75)
    assert.equal(confidence(sure), 'high'); // ≥ 0.8
    assert.equal(Number(weighed({ lexical: 0.4, lexicalFocus: 0.4 }).support.toFixed(3)), 0.679); // score 0.475
    assert.equal(confidence({ lexical: 0.4, lexicalFocus: 0.4 }), 'medium'); // ≥ 0.6
    assert.equal(confidence({ lexical: 0.3, lexicalFocus: 0.3 }), 'low'); // score 0.425: 0.562
    assert.equal(confidence(sure, 'how-many'), 'low', 'no number in the best sentence');
    assert.equal(confidence({ ...sure, cue: true }, 'how-many'), 'high');
  });
});
