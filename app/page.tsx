import { Chat } from '@/components/chat';
import { getConfig } from '@/lib/config';
import { overview, type Overview } from '@/lib/pipeline/overview';

// The index can be rebuilt while the server runs; never serve a build-time snapshot.
export const dynamic = 'force-dynamic';

// With an API key, nothing from the corpus is in the page: the chat fetches it from /api/overview with the key.
const LOCKED: Overview = { info: { ok: false, message: 'Enter the API key to see what this server knows.' }, suggestions: [] };

export default async function Home() {
  const config = getConfig();
  const apiKeyRequired = !!config.limits.apiKey;
  const { info, suggestions } = apiKeyRequired ? LOCKED : await overview(config);
  return (
    <Chat info={info} suggestions={suggestions} uploads={config.uploads.enabled} apiKeyRequired={apiKeyRequired} corpus={config.corpus} />
  );
}
