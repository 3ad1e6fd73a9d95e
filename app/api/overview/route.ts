import { getConfig } from '@/lib/config';
import { overview } from '@/lib/pipeline/overview';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The page's empty state, for a page that could not render it without the API key (proxy.ts checks the key). */
export async function GET(): Promise<Response> {
  return Response.json(await overview(getConfig()));
}
