import { getConfig } from '@/lib/config';
import { userMessage } from '@/lib/errors';
import { indexHandle } from '@/lib/index';

// The index can be rebuilt while the server runs; never serve a build-time snapshot.
export const dynamic = 'force-dynamic';

async function indexStatus(): Promise<{ ok: true; documents: number; passages: number; embedder: string; builtAt: string } | { ok: false; message: string }> {
  try {
    const { manifest } = await indexHandle(getConfig().paths.indexDir).get();
    return { ok: true, documents: manifest.counts.documents, passages: manifest.counts.passages, embedder: manifest.embedder.id, builtAt: manifest.createdAt };
  } catch (error) {
    return { ok: false, message: userMessage(error) };
  }
}

export default async function Home() {
  const status = await indexStatus();
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-4 px-4 py-16">
      <h1 className="text-2xl font-semibold">corpus-chat</h1>
      <p className="text-zinc-600 dark:text-zinc-400">Questions about the news corpus, answered with cited passages. The chat arrives in a later release.</p>
      {status.ok ? (
        <p data-testid="index-status">
          Index ready: {status.documents} documents, {status.passages} passages, embedded with {status.embedder}, built{' '}
          {new Date(status.builtAt).toUTCString()}.
        </p>
      ) : (
        <p data-testid="index-error" role="alert" className="text-red-700 dark:text-red-400">
          {status.message}
        </p>
      )}
    </main>
  );
}
