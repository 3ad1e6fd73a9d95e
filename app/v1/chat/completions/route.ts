import { answer, streamAnswer } from '@/lib/answer';
import { answerContext } from '@/lib/answer/context';
import { getConfig } from '@/lib/config';
import { isAppError } from '@/lib/errors';
import { readJsonBody } from '@/lib/http';
import { errorFields, stderrLogger } from '@/lib/log';
import { completion, completionStream } from '@/lib/openai/format';
import { openAIError, type OpenAIError } from '@/lib/openai/schema';
import { parseChatCompletion } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function reply(error: OpenAIError): Response {
  return Response.json(error.body, { status: error.status });
}

/** OpenAI-compatible chat completions over the corpus, streaming or not. */
export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = parseChatCompletion(await readJsonBody(request));
    if (!parsed.ok) return reply(parsed.error);
    const config = getConfig();
    const context = await answerContext(config, AbortSignal.any([request.signal, AbortSignal.timeout(config.limits.requestTimeoutMs)]));
    if (parsed.stream) {
      return new Response(completionStream(streamAnswer(parsed.request, context)), {
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' },
      });
    }
    const prompt = 'question' in parsed.request ? parsed.request.question : parsed.request.messages.map((m) => m.content).join(' ');
    return Response.json(completion(await answer(parsed.request, context), prompt));
  } catch (error) {
    if (isAppError(error)) return reply(openAIError(error.status, error.message));
    stderrLogger.log('error', 'completions.failed', errorFields(error));
    return reply(openAIError(500, 'Something went wrong on our side.'));
  }
}
