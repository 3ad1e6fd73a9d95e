/** The answer model: what it reads of a question's evidence, its probability, and checking a model file. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ScoredSentence, SentenceFeatures } from '@/lib/answer/evidence';
import { DEFAULT_MODEL, loadModel, logistic, modelSchema, REFUSAL_SIGNS, refusalFeatures } from '@/lib/answer/model';
import { ConfigError } from '@/lib/config';
import { tempDir } from '../helpers';
import { FEATURES } from './features';

const features = (f: Partial<SentenceFeatures>): SentenceFeatures => ({
  ...FEATURES,
  lexical: 0.6,
  lexicalFocus: 0.6,
  dense: 0.4,
  ...f,
});

const scored = (score: number, f: Partial<SentenceFeatures> = {}): ScoredSentence => ({
  index: 0,
  sentence: { docId: 'a.txt', start: 0, end: 10, text: 'A sentence.' },
  title: 'A',
  features: features(f),
  score,
});

describe('refusalFeatures', () => {
  it('reads the best sentence against the question', () => {
    const question = { negated: true };
    assert.deepEqual(refusalFeatures({ question }, [scored(0.7, { numbersUnmatched: 1 }), scored(0.5)]), {
      score: 0.7,
      margin: 0.7 - 0.5,
      dense: 0.4,
      numbersUnmatched: 1,
      negationUnmatched: 1,
    });
    // A negation the best sentence's neighbourhood shares is no mismatch; with no sentence nothing is read.
    assert.equal(refusalFeatures({ question }, [scored(0.7, { negated: true })]).negationUnmatched, 0);
    assert.deepEqual(refusalFeatures({ question: { negated: false } }, []), {
      score: 0,
      margin: 0,
      dense: 0,
      numbersUnmatched: 0,
      negationUnmatched: 0,
    });
  });

  it('gives the logistic probability of the named features', () => {
    const model = {
      features: ['score', 'negationUnmatched'] as const,
      mean: [0.5, 0],
      scale: [0.25, 1],
      weights: [-2, 1],
      bias: 0,
      threshold: 0.5,
    };
    const f = refusalFeatures({ question: { negated: true } }, [scored(0.75)]);
    // z = −2 × (0.75 − 0.5) / 0.25 + 1 × 1 = −1 (the question negates, the best sentence does not).
    assert.equal(Number(logistic({ ...model, features: [...model.features] }, f).toFixed(4)), Number((1 / (1 + Math.E)).toFixed(4)));
  });
});

describe('the model file', () => {
  it('is the one npm run train wrote, and reads every feature it was fitted on', () => {
    assert.equal(loadModel(undefined), DEFAULT_MODEL);
    assert.ok(DEFAULT_MODEL.refusal.features.length >= 5);
    assert.ok(DEFAULT_MODEL.fitted.questions > 100, 'fitted on the public suites');
    assert.ok(DEFAULT_MODEL.refusal.threshold >= 0 && DEFAULT_MODEL.refusal.threshold < 1);
    // Every weight points the way its feature means (npm run train holds the others at 0).
    DEFAULT_MODEL.refusal.features.forEach((name, i) => {
      assert.ok((DEFAULT_MODEL.refusal.weights[i] ?? 0) * REFUSAL_SIGNS[name] >= 0, `${name} ${DEFAULT_MODEL.refusal.weights[i]}`);
    });
  });

  it('refuses a file that is not JSON, names an unknown feature or has numbers that do not line up', async () => {
    const dir = await tempDir();
    const good = modelSchema.parse(DEFAULT_MODEL);
    const cases: [string, string, RegExp][] = [
      ['broken.json', '{ "refusal": ', /broken\.json cannot be read as JSON/],
      [
        'unknown.json',
        JSON.stringify({ ...good, refusal: { ...good.refusal, features: ['shoeSize', ...good.refusal.features.slice(1)] } }),
        /refusal\.features\.0/,
      ],
      [
        'short.json',
        JSON.stringify({ ...good, refusal: { ...good.refusal, weights: [1] } }),
        /refusal\.weights: has 1 numbers for \d+ features/,
      ],
      [
        'scale.json',
        JSON.stringify({ ...good, refusal: { ...good.refusal, scale: good.refusal.scale.map(() => 0) } }),
        /a scale is not positive/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const file = path.join(dir, name);
      await writeFile(file, text);
      assert.throws(
        () => loadModel(file),
        (error: unknown) => error instanceof ConfigError && message.test(error.message) && error.message.includes('ANSWER_MODEL'),
      );
    }
  });
});
