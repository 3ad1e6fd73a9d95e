/**
 * The subset of the OpenAI Chat Completions request corpus-chat understands.
 * Sampling parameters are accepted and ignored (answers are extractive or
 * produced by the configured model); what cannot be honoured — several
 * choices, tools, a model other than corpus-chat — is refused the way OpenAI
 * refuses it: 400 (404 for the model) with an error object.
 */
import { z } from 'zod';
import { LIMITS, parseAskRequest, type AskRequest, type ChatMessage } from '../request';

export const MODEL_ID = 'corpus-chat';

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
});

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(message).min(1).max(LIMITS.messages),
  stream: z.boolean().nullish(),
  n: z.number().int().nullish(),
  tools: z.array(z.unknown()).nullish(),
  functions: z.array(z.unknown()).nullish(),
  response_format: z.looseObject({ type: z.string() }).nullish(),
});

export interface OpenAIError {
  readonly status: number;
  readonly body: { error: { message: string; type: string; param: string | null; code: string | null } };
}

export function openAIError(status: number, message: string, param: string | null = null, code: string | null = null): OpenAIError {
  const type =
    status === 401
      ? 'authentication_error'
      : status === 404
        ? 'invalid_request_error'
        : status === 429
          ? 'rate_limit_error'
          : status >= 500
            ? 'server_error'
            : 'invalid_request_error';
  return { status, body: { error: { message, type, param, code } } };
}

function textOf(content: z.infer<typeof message>['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).flatMap((p) => (p.type === 'text' && p.text !== undefined ? [p.text] : [])).join('');
}

export type ParsedCompletion = { ok: true; request: AskRequest; stream: boolean } | { ok: false; error: OpenAIError };

export function parseChatCompletion(body: unknown): ParsedCompletion {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: openAIError(
        400,
        issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'Invalid request.',
        issue?.path.join('.') || null,
      ),
    };
  }
  const r = parsed.data;
  if (r.model !== MODEL_ID)
    return { ok: false, error: openAIError(404, `The model '${r.model}' does not exist; use '${MODEL_ID}'.`, 'model', 'model_not_found') };
  if ((r.n ?? 1) !== 1) return { ok: false, error: openAIError(400, 'Only n=1 is supported.', 'n') };
  if ((r.tools?.length ?? 0) > 0 || (r.functions?.length ?? 0) > 0)
    return { ok: false, error: openAIError(400, 'Tools and functions are not supported.', 'tools') };
  if (r.response_format && r.response_format.type !== 'text')
    return { ok: false, error: openAIError(400, 'Only text responses are supported.', 'response_format') };
  const turns: ChatMessage[] = r.messages
    .filter((m) => m.role === 'user' || m.role === 'assistant' || m.role === 'system' || m.role === 'developer')
    .map((m) => ({ role: m.role === 'developer' ? 'system' : (m.role as ChatMessage['role']), content: textOf(m.content) }));
  const ask = parseAskRequest({ messages: turns });
  if (!ask.ok) return { ok: false, error: openAIError(400, ask.error, 'messages') };
  return { ok: true, request: ask.request, stream: r.stream === true };
}
