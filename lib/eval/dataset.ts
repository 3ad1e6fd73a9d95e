/** The evaluation set format: one JSON object per line (see shared/README.md). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { messageSchema, type AskRequest, type ChatMessage } from '../request';

/** The kinds of question the public sets hold (see shared/eval/README.md); the first set has none and counts as direct or out_of_corpus. */
export const EVAL_KINDS = [
  'direct',
  'paraphrase',
  'multi_turn',
  'needs_two_sentences',
  'overview',
  'false_premise',
  'out_of_corpus',
  'chitchat_meta',
  // SQuAD: crowd-written questions over Wikipedia articles; SQuAD 2.0's unanswerable ones look answerable from a paragraph.
  'squad',
  'unanswerable',
] as const;
export type EvalKind = (typeof EVAL_KINDS)[number];

const rawEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(EVAL_KINDS).optional(),
  question: z.string().min(1).optional(),
  messages: z.array(messageSchema).min(1).nullish(),
  docs: z.array(z.string()).optional(),
  expect_docs: z.array(z.string()).optional(),
  expect_any: z.array(z.string()).default([]),
  unanswerable: z.boolean().optional(),
  answerable: z.boolean().optional(),
  correct_any: z.array(z.string()).default([]),
  expect_behaviour: z.string().optional(),
  // Written by `npm run feedback -- export` for a thumbs-down answer: a person writes what it should have said.
  review: z.boolean().optional(),
});

/**
 * One entry, in either format: the first public set (`docs`, `unanswerable`)
 * or the later ones (`kind`, `expect_docs`, `answerable`, `correct_any`, a
 * `messages` conversation whose last turn `question` repeats).
 */
export const evalEntrySchema = rawEntrySchema
  .refine((e) => e.question !== undefined || !!e.messages, 'an entry has a question or messages')
  .transform((e): EvalEntry => {
    const unanswerable = e.unanswerable ?? (e.answerable === undefined ? false : !e.answerable);
    return {
      id: e.id,
      kind: e.kind ?? (unanswerable ? 'out_of_corpus' : 'direct'),
      question: e.question ?? e.messages?.at(-1)?.content ?? '',
      ...(e.messages ? { messages: e.messages } : {}),
      docs: e.docs ?? e.expect_docs ?? [],
      expect_any: e.expect_any,
      unanswerable,
      correct_any: e.correct_any,
      ...(e.expect_behaviour ? { expect_behaviour: e.expect_behaviour } : {}),
      ...(e.review ? { review: true as const } : {}),
    };
  });

export interface EvalEntry {
  readonly id: string;
  readonly kind: EvalKind;
  /** The question, or the last user turn of `messages`. */
  readonly question: string;
  readonly messages?: ChatMessage[];
  /** Documents that answer it. */
  readonly docs: string[];
  /** A correct answer contains one of these (case-insensitive) and cites one of `docs`. */
  readonly expect_any: string[];
  /** Out of corpus, false premise: a refusal is correct. */
  readonly unanswerable: boolean;
  /** False premise: phrases of the sentence that contradicts it. */
  readonly correct_any: string[];
  /** Chitchat: what a good reply does (judged by hand). */
  readonly expect_behaviour?: string;
  /** Flagged for review: nothing to score it against yet, so the eval leaves it out. */
  readonly review?: true;
}

/**
 * The shared public set beside the project when there is one (it may be newer),
 * otherwise the copy the project keeps for its tests, so a lone clone can
 * still run `npm run eval` and the benchmarks.
 */
export function defaultEvalFile(cwd = process.cwd()): string {
  const shared = path.join('..', 'shared', 'eval', 'questions.jsonl');
  return existsSync(path.resolve(cwd, shared)) ? shared : path.join('tests', 'fixtures', 'eval-questions.jsonl');
}

export function requestOf(entry: EvalEntry): AskRequest {
  return entry.messages ? { messages: entry.messages } : { question: entry.question };
}

export async function loadEvalSet(file: string): Promise<EvalEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AppError('bad_request', `Cannot read the evaluation file ${file}.`);
  }
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new AppError('bad_request', `${file}:${n} is not valid JSON.`);
      }
      const parsed = evalEntrySchema.safeParse(value);
      if (!parsed.success) throw new AppError('bad_request', `${file}:${n}: ${parsed.error.issues[0]?.message ?? 'invalid entry'}`);
      return parsed.data;
    });
}
