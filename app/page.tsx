import { Chat } from '@/components/chat';
import type { IndexInfo } from '@/components/types';
import { answerContext } from '@/lib/answer/context';
import { suggestedQuestions } from '@/lib/answer/suggestions';
import { getConfig } from '@/lib/config';
import { userMessage } from '@/lib/errors';

// The index can be rebuilt while the server runs; never serve a build-time snapshot.
export const dynamic = 'force-dynamic';

async function load(): Promise<{ info: IndexInfo; suggestions: string[] }> {
  try {
    const context = await answerContext(getConfig());
    const { manifest } = context.retriever.index;
    return {
      info: { ok: true, documents: manifest.counts.documents, passages: manifest.counts.passages, embedder: manifest.embedder.id, builtAt: manifest.createdAt },
      suggestions: await suggestedQuestions(context),
    };
  } catch (error) {
    return { info: { ok: false, message: userMessage(error) }, suggestions: [] };
  }
}

export default async function Home() {
  const { info, suggestions } = await load();
  const config = getConfig();
  return <Chat info={info} suggestions={suggestions} uploads={config.uploads.enabled} apiKeyRequired={!!config.limits.apiKey} />;
}
