import { createUIMessageStreamResponse } from 'ai';
import { answerContext } from '@/lib/answer/context';
import { answerUIStream } from '@/lib/answer/ui-stream';
import { getConfig } from '@/lib/config';
import { errorResponse, jsonError, readJsonBody } from '@/lib/http';
import { stderrLogger } from '@/lib/log';
import { parseChatRequest } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = parseChatRequest(await readJsonBody(request));
    if (!parsed.ok) return jsonError(400, parsed.error);
    // Loading the index here turns a missing index into a 503 before any stream starts.
    const config = getConfig();
    const context = await answerContext(config, AbortSignal.any([request.signal, AbortSignal.timeout(config.limits.requestTimeoutMs)]));
    return createUIMessageStreamResponse({ stream: answerUIStream(parsed.request, { ...context, logger: stderrLogger }) });
  } catch (error) {
    return errorResponse(error);
  }
}
