/** The evaluation set format: one JSON object per line (see shared/README.md). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { messageSchema, type AskRequest } from '../request';

export const evalEntrySchema = z
  .object({
    id: z.string(),
    question: z.string().min(1).optional(),
    messages: z.array(messageSchema).min(1).optional(),
    docs: z.array(z.string()).default([]),
    expect_any: z.array(z.string()).default([]),
    unanswerable: z.boolean().default(false),
  })
  .refine((e) => (e.question === undefined) !== (e.messages === undefined), 'an entry has either question or messages');

export type EvalEntry = z.infer<typeof evalEntrySchema>;

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
  return entry.messages ? { messages: entry.messages } : { question: entry.question ?? '' };
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
