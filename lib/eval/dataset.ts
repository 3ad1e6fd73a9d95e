/** The evaluation set format: one JSON object per line (see shared/README.md). */
import { readFile } from 'node:fs/promises';
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
