/**
 * The question request shared by the HTTP API and the CLI (`--json`, `--batch`):
 * a single question, or a conversation whose last turn is the user's.
 */
import { z } from 'zod';

export const LIMITS = { questionChars: 2000, messages: 50, messageChars: 8000 } as const;

const question = z
  .string({ error: 'question must be a string' })
  .trim()
  .min(1, 'question must not be empty')
  .max(LIMITS.questionChars, `question must be at most ${LIMITS.questionChars} characters`);

export const messageSchema = z.object({
  role: z.enum(['user', 'assistant', 'system'], { error: 'role must be "user", "assistant" or "system"' }),
  content: z
    .string({ error: 'content must be a string' })
    .max(LIMITS.messageChars, `a message must be at most ${LIMITS.messageChars} characters`),
});

export type ChatMessage = z.infer<typeof messageSchema>;

export const askRequestSchema = z.union(
  [
    z.object({ question, k: z.number().int().min(1).max(50).optional() }).strict(),
    z
      .object({
        messages: z
          .array(messageSchema)
          .min(1, 'messages must not be empty')
          .max(LIMITS.messages, `at most ${LIMITS.messages} messages`)
          .refine((ms) => ms[ms.length - 1]?.role === 'user', 'the last message must be from the user')
          .refine((ms) => {
            const last = ms[ms.length - 1]?.content.trim() ?? '';
            return last.length > 0 && last.length <= LIMITS.questionChars;
          }, `the last message must be a question of 1 to ${LIMITS.questionChars} characters`),
        k: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
  ],
  { error: 'expected {"question": "..."} or {"messages": [{"role": "user", "content": "..."}]}' },
);

export type AskRequest = z.infer<typeof askRequestSchema>;

/** Parses a request; on failure returns one readable message naming the first problem. */
export function parseAskRequest(input: unknown): { ok: true; request: AskRequest } | { ok: false; error: string } {
  const parsed = askRequestSchema.safeParse(input);
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, error: describeIssue(parsed.error.issues, input) };
}

function describeIssue(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const first = issues[0];
  if (!first) return 'invalid request';
  // A union failure hides the useful message of the branch the client was aiming for.
  if (first.code === 'invalid_union' && input && typeof input === 'object') {
    const branch = 'messages' in input ? 1 : 'question' in input ? 0 : -1;
    const nested = branch >= 0 ? first.errors[branch]?.[0] : undefined;
    if (nested) return formatIssue(nested);
  }
  return formatIssue(first);
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** The user's own last message: the question as they wrote it. */
export function questionOf(request: AskRequest): string {
  if ('question' in request) return request.question;
  return request.messages[request.messages.length - 1]?.content.trim() ?? '';
}
