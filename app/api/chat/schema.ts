/**
 * POST /api/chat takes what `useChat` sends: UI messages with text parts. They
 * are reduced to plain {role, content} turns and validated like /api/answer.
 */
import { z } from 'zod';
import { LIMITS, parseAskRequest, type AskRequest } from '@/lib/request';

const uiMessage = z.object({
  role: z.string(),
  parts: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).max(200),
});

export const chatRequestSchema = z.looseObject({
  messages: z.array(uiMessage).min(1, 'messages must not be empty').max(LIMITS.messages, `at most ${LIMITS.messages} messages`),
});

export function parseChatRequest(body: unknown): { ok: true; request: AskRequest } | { ok: false; error: string } {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `${where}${issue?.message ?? 'invalid request'}` };
  }
  const messages = parsed.data.messages.map((m) => ({
    role: m.role,
    content: m.parts.flatMap((p) => (p.type === 'text' && p.text !== undefined ? [p.text] : [])).join(''),
  }));
  return parseAskRequest({ messages });
}
