/**
 * What every route handler shares: reading a JSON body with a size limit
 * (counted while reading, not trusted from Content-Length), and turning any
 * error into a JSON `{error}` response with a status and a user-safe message.
 */
import { AppError, isAppError, userMessage } from './errors';
import { errorFields, stderrLogger, type Logger } from './log';
import { formatSize } from './text/size';

export const JSON_BODY_LIMIT = 64 * 1024;

/** The whole body, refused with 413 as soon as more than `limit` bytes have arrived. */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
  const reader = request.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError('payload_too_large', `The request body is larger than ${formatSize(limit)}.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readJsonBody(request: Request, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const text = new TextDecoder().decode(await readBody(request, limit));
  if (text.trim() === '') throw new AppError('bad_request', 'The request body is empty; send JSON.');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

/** `{error}`, and `{hint}` beside it when there is something the user can do (the hint ends `error` too). */
export function jsonError(status: number, message: string, hint?: string): Response {
  return Response.json(hint ? { error: message, hint } : { error: message }, { status });
}

/** The response for an error: its own status and message when it is an AppError, a generic 500 otherwise (logged). */
export function errorResponse(error: unknown, logger: Logger = stderrLogger): Response {
  if (isAppError(error)) return jsonError(error.status, error.message, error.hint);
  logger.log('error', 'request.failed', errorFields(error));
  return jsonError(500, userMessage(error));
}
