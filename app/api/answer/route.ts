import { answer } from '@/lib/answer';
import { answerContext } from '@/lib/answer/context';
import { getConfig } from '@/lib/config';
import { errorResponse, jsonError, readJsonBody } from '@/lib/http';
import { parseAnswerRequest } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = parseAnswerRequest(await readJsonBody(request));
    if (!parsed.ok) return jsonError(400, parsed.error);
    const config = getConfig();
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(config.limits.requestTimeoutMs)]);
    return Response.json(await answer(parsed.request, await answerContext(config, signal)));
  } catch (error) {
    return errorResponse(error);
  }
}
