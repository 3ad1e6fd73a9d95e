import { getConfig } from '@/lib/config';
import { userMessage } from '@/lib/errors';
import { storeBackend } from '@/lib/store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * For supervisors and load balancers (no API key needed): 200 with the live
 * index version when the server can answer, 503 with the reason when it cannot.
 */
export async function GET(): Promise<Response> {
  try {
    const index = await storeBackend(getConfig()).handle().get();
    return Response.json({ status: 'ok', ready: true, version: index.manifest.version });
  } catch (error) {
    return Response.json({ status: 'unavailable', ready: false, error: userMessage(error) }, { status: 503 });
  }
}
