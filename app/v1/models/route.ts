import { MODEL_ID } from '@/lib/openai/schema';

export const dynamic = 'force-dynamic';

// A fixed date: the model list should not change from one request to the next.
const CREATED = Math.floor(Date.UTC(2026, 0, 1) / 1000);

/** The one model this server offers, in the OpenAI list format. */
export function GET(): Response {
  return Response.json({ object: 'list', data: [{ id: MODEL_ID, object: 'model', created: CREATED, owned_by: 'corpus-chat' }] });
}
