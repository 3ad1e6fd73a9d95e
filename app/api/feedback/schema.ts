/**
 * POST /api/feedback: a verdict on one answer, with what the answer was, so that it can become an eval item
 * (`npm run feedback -- export`). Strict: an unknown field is refused rather than silently dropped.
 */
import { z } from 'zod';
import { LIMITS } from '@/lib/request';
import type { FeedbackEntry } from '@/lib/store/feedback';

export const COMMENT_CHARS = 500;
/** The body limit: the largest honest body (an answer with its citations) is a few KB. */
export const FEEDBACK_BODY_BYTES = 32 * 1024;

const citation = z
  .object({
    id: z.number().int().min(1).max(100),
    doc: z.string().min(1).max(1000),
    title: z.string().max(1000),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    text: z.string().max(4000),
  })
  .strict();

export const feedbackRequestSchema = z
  .object({
    id: z.uuid({ error: 'id must be a UUID' }),
    conversation: z.string().min(1).max(100),
    question: z.string().trim().min(1, 'question must not be empty').max(LIMITS.questionChars),
    answer: z.string().max(LIMITS.messageChars),
    citations: z.array(citation).max(20),
    answerer: z.enum(['extractive', 'llm']),
    version: z.string().min(1).max(200),
    confidence: z.enum(['high', 'medium', 'low', 'none']),
    refused: z.boolean(),
    verdict: z.enum(['up', 'down'], { error: 'verdict must be "up" or "down"' }),
    comment: z.string().trim().max(COMMENT_CHARS, `comment must be at most ${COMMENT_CHARS} characters`).optional(),
  })
  .strict();

export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

/** The entry to store, or one readable message naming the first problem. */
export function parseFeedbackRequest(body: unknown, receivedAt: Date): { ok: true; entry: FeedbackEntry } | { ok: false; error: string } {
  const parsed = feedbackRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `${where}${issue?.message ?? 'invalid request'}` };
  }
  const { comment, ...rest } = parsed.data;
  return { ok: true, entry: { ...rest, receivedAt: receivedAt.toISOString(), ...(comment ? { comment } : {}) } };
}
