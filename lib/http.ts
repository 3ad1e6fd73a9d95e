/**
 * What every route handler shares: reading a JSON body with a size limit
 * (counted while reading, not trusted from Content-Length), and turning any
 * error into a JSON `{error}` response with a status and a user-safe message.
 */
import { AppError, isAppError, userMessage } from './errors';
import { errorFields, stderrLogger, type Logger } from './log';

export const JSON_BODY_LIMIT = 64 * 1024;

export async function readJsonBody(request: Request, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const reader = request.body?.getReader();
  if (!reader) throw new AppError('bad_request', 'The request has no body; send JSON.');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError('payload_too_large', `The request body is larger than ${limit / 1024} KB.`);
    }
    chunks.push(value);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (text.trim() === '') throw new AppError('bad_request', 'The request body is empty; send JSON.');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

export function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/** The response for an error: its own status and message when it is an AppError, a generic 500 otherwise (logged). */
export function errorResponse(error: unknown, logger: Logger = stderrLogger): Response {
  if (isAppError(error)) return jsonError(error.status, error.message);
  logger.log('error', 'request.failed', errorFields(error));
  return jsonError(500, userMessage(error));
}
