import { getConfig } from '@/lib/config';
import { errorResponse, jsonError, readJsonBody } from '@/lib/http';
import { feedbackLog } from '@/lib/store/feedback';
import { FEEDBACK_BODY_BYTES, parseFeedbackRequest } from './schema';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Stores a verdict on an answer; proxy.ts has checked the key, the origin and the rate limit. */
export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = parseFeedbackRequest(await readJsonBody(request, FEEDBACK_BODY_BYTES), new Date());
    if (!parsed.ok) return jsonError(400, parsed.error);
    await feedbackLog(getConfig()).append(parsed.entry);
    return Response.json({ ok: true, id: parsed.entry.id }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
