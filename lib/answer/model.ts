/**
 * The fitted answer model: a logistic model that reads the best sentence
 * against the question and gives the probability that an answer quoted from
 * it is right: its "support". Below the model's threshold the question is
 * refused (the sentence lacks a name, number, negation or term the question
 * asks about, or matches it too weakly); above it, the confidence bands it.
 * `npm run train` fits it on the public suites, scores it on folds by
 * document, and writes model.json; everything fitted lives in that one file,
 * checked here when it is loaded.
 */
import { z } from 'zod';
import type { CollectedEvidence, ScoredSentence } from './evidence';
import fitted from './model.json';
import { readSettingFile } from '../config';

/**
 * What the answer model reads, each a number computed by `refusalFeatures`, with the direction it may push the
 * probability of a right answer (npm run train holds a weight that points the other way at 0). The directions
 * are what the feature means, not what the training questions say: SQuAD 2.0's unanswerable questions were
 * written by editing answerable ones with the paragraph's own words, so on them a closer match means "not
 * answered", and a model free to learn that answered "Who won the football match?" over news articles with
 * high confidence.
 */
export const REFUSAL_SIGNS = {
  // The hand score of the best sentence, and its lead over the second: how clearly one place answers.
  score: 1,
  margin: 1,
  // The best sentence's embedding similarity to the question: catches paraphrase the score's term coverage misses.
  dense: 1,
  // Numbers of the question the best sentence and its neighbours lack: a false year or count.
  numbersUnmatched: -1,
  // The question negates and the best sentence's neighbourhood does not: "never", "not" that the text does not say.
  negationUnmatched: -1,
  // Left out, each fitted to weight 0 on every fold (npm run train -- --without gave the same held-out figures):
  // the best sentence's IDF coverage and word order (both already in the score), and the question's terms that it,
  // its neighbours or every retrieved sentence lack.
} as const;

export const REFUSAL_FEATURES = Object.keys(REFUSAL_SIGNS) as (keyof typeof REFUSAL_SIGNS)[];

export type RefusalFeature = keyof typeof REFUSAL_SIGNS;

const vector = z.array(z.number().finite());

export const modelSchema = z
  .object({
    refusal: z.object({
      features: z.array(z.enum(REFUSAL_FEATURES as [RefusalFeature, ...RefusalFeature[]])).min(1),
      // Standardisation fitted with the weights: x' = (x - mean) / scale.
      mean: vector,
      scale: vector,
      weights: vector,
      bias: z.number().finite(),
      // Refuse below this probability of a right answer; picked so few answerable questions are refused.
      threshold: z.number().min(0).max(1),
    }),
    /** How it was fitted, and what its folds by document gave on the questions they held out (npm run eval prints it). */
    fitted: z.object({
      questions: z.number().int(),
      folds: z.number().int(),
      maxAnswerableRefused: z.number(),
      heldOut: z
        .array(
          z.object({
            suite: z.string(),
            answerable: z.number().int(),
            right: z.number().int(),
            refused: z.number().int(),
            unanswerable: z.number().int(),
            handled: z.number().int(),
          }),
        )
        .default([]),
    }),
  })
  .superRefine((m, ctx) => {
    const n = m.refusal.features.length;
    for (const key of ['mean', 'scale', 'weights'] as const)
      if (m.refusal[key].length !== n)
        ctx.addIssue({ code: 'custom', path: ['refusal', key], message: `has ${m.refusal[key].length} numbers for ${n} features` });
    if (m.refusal.scale.some((s) => s <= 0))
      ctx.addIssue({ code: 'custom', path: ['refusal', 'scale'], message: 'a scale is not positive' });
  });

export type AnswerModel = z.infer<typeof modelSchema>;

/** The model `npm run train` wrote into the repository. */
export const DEFAULT_MODEL: AnswerModel = modelSchema.parse(fitted);

/** A model file written by `npm run train -- --out FILE` (ANSWER_MODEL); a bad file is a ConfigError naming it. */
export function loadModel(file: string | undefined): AnswerModel {
  return file ? readSettingFile('ANSWER_MODEL', file, 'an answer model', modelSchema) : DEFAULT_MODEL;
}

/** The refusal model's inputs for a question whose sentences are scored, best first. */
export function refusalFeatures(
  collected: Pick<CollectedEvidence, 'question'>,
  ranked: readonly ScoredSentence[],
): Record<RefusalFeature, number> {
  const [best, second] = ranked;
  const f = best?.features;
  const { question } = collected;
  return {
    score: best?.score ?? 0,
    margin: (best?.score ?? 0) - (second?.score ?? 0),
    dense: f?.dense ?? 0,
    numbersUnmatched: f?.numbersUnmatched ?? 0,
    negationUnmatched: question.negated && !f?.negated ? 1 : 0,
  };
}

/** The fitted logistic model's probability; `features` are named as in the model. */
export function logistic(model: AnswerModel['refusal'], features: Readonly<Record<RefusalFeature, number>>): number {
  let z = model.bias;
  model.features.forEach((name, i) => {
    z += (model.weights[i] ?? 0) * ((features[name] - (model.mean[i] ?? 0)) / (model.scale[i] ?? 1));
  });
  return 1 / (1 + Math.exp(-z));
}

/** The probability that an answer quoted from the best sentence is right. */
export function supportOf(model: AnswerModel, collected: Pick<CollectedEvidence, 'question'>, ranked: readonly ScoredSentence[]): number {
  return logistic(model.refusal, refusalFeatures(collected, ranked));
}
