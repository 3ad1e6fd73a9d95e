'use client';

import './zod-jitless';
import { useChat } from '@ai-sdk/react';
import { APICallError, DefaultChatTransport } from 'ai';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';
import type { CorpusWording } from '@/lib/answer/wording';
import { ApiKeyPrompt, authHeaders, hasApiKey } from './api-key';
import { ChatInput } from './chat-input';
import { CorpusWordingProvider } from './corpus-wording';
import { DocumentsPanel } from './documents-panel';
import { EmptyState } from './empty-state';
import { ErrorBanner } from './error-banner';
import { MessageList } from './message-list';
import { SourcePanel } from './source-panel';
import { UploadDocuments } from './upload-documents';
import type { IndexInfo, SourceTarget } from './types';
import { Button } from './button';

export function Chat({
  info: pageInfo,
  suggestions: pageSuggestions,
  uploads,
  apiKeyRequired,
  corpus,
}: {
  info: IndexInfo;
  suggestions: readonly string[];
  uploads: boolean;
  apiKeyRequired: boolean;
  corpus: CorpusWording;
}) {
  const { messages, sendMessage, status, stop, error, setMessages, regenerate, clearError } = useChat<AnswerUIMessage>({
    transport: new DefaultChatTransport({ api: '/api/chat', headers: authHeaders }),
  });
  const [keyState, setKeyState] = useState<'unknown' | 'needed' | 'rejected' | 'ok'>('unknown');
  const [source, setSource] = useState<SourceTarget | null>(null);
  // Lets tests (and people on slow links) tell a rendered page from an interactive one.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    setKeyState(apiKeyRequired && !hasApiKey() ? 'needed' : 'ok');
  }, [apiKeyRequired]);
  // A 401 means the key is missing or wrong: ask again, keep the conversation.
  const unauthorized = APICallError.isInstance(error) && error.statusCode === 401;
  useEffect(() => {
    if (unauthorized) setKeyState('rejected');
  }, [unauthorized]);
  // Behind an API key the page carries nothing from the corpus; once a key is given, the empty state is fetched
  // with it (again after each upload). Otherwise it comes with the page, refreshed by the router.
  const [fetched, setFetched] = useState<{ info: IndexInfo; suggestions: readonly string[] }>();
  const [uploadsDone, setUploadsDone] = useState(0);
  const overview = apiKeyRequired && fetched ? fetched : { info: pageInfo, suggestions: pageSuggestions };
  // biome-ignore lint/correctness/useExhaustiveDependencies: uploadsDone is the trigger that fetches the overview again after an upload.
  useEffect(() => {
    if (!apiKeyRequired || keyState !== 'ok') return;
    let cancelled = false;
    void fetch('/api/overview', { headers: authHeaders() })
      .then(async (response) => {
        if (cancelled) return;
        if (response.status === 401) setKeyState('rejected');
        else if (response.ok) setFetched((await response.json()) as { info: IndexInfo; suggestions: string[] });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [apiKeyRequired, keyState, uploadsDone]);
  const closeSource = useCallback(() => setSource(null), []);
  const [documentsOpen, setDocumentsOpen] = useState(false);
  const closeDocuments = useCallback(() => setDocumentsOpen(false), []);
  const router = useRouter();
  const documentsChanged = useCallback(() => {
    router.refresh();
    setUploadsDone((n) => n + 1);
  }, [router]);
  const openDocument = useCallback((target: SourceTarget) => {
    setDocumentsOpen(false);
    setSource(target);
  }, []);
  const busy = status === 'submitted' || status === 'streaming';
  const ask = (text: string) => {
    clearError();
    void sendMessage({ text });
  };

  return (
    <CorpusWordingProvider value={corpus}>
      <div
        data-testid="chat"
        data-hydrated={hydrated}
        className={`flex min-h-screen flex-col ${source || documentsOpen ? 'md:pr-[30rem]' : ''}`}
      >
        <header className="sticky top-0 z-10 flex items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
          <h1 className="flex-1 text-lg font-semibold">corpus-chat</h1>
          {uploads && <UploadDocuments onAdded={() => setUploadsDone((n) => n + 1)} />}
          <Button
            data-testid="show-documents"
            aria-expanded={documentsOpen}
            onClick={() => {
              setSource(null);
              setDocumentsOpen((open) => !open);
            }}
          >
            Documents
          </Button>
          <Button
            data-testid="new-chat"
            onClick={() => {
              void stop();
              setMessages([]);
              clearError();
              setSource(null);
            }}
          >
            New chat
          </Button>
        </header>
        <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-4 px-4 pb-4 pt-6">
          {(keyState === 'needed' || keyState === 'rejected') && (
            <ApiKeyPrompt
              rejected={keyState === 'rejected'}
              onSaved={() => {
                setKeyState('ok');
                if (error) {
                  clearError();
                  void regenerate();
                }
              }}
            />
          )}
          {messages.length === 0 ? (
            <EmptyState info={overview.info} suggestions={overview.suggestions} onAsk={ask} />
          ) : (
            <MessageList messages={messages} busy={busy} onOpenSource={setSource} suggestions={overview.suggestions} onAsk={ask} />
          )}
          {error && !unauthorized && <ErrorBanner error={error} onRetry={() => void regenerate()} />}
          <div className="sticky bottom-0 mt-auto bg-white pb-2 pt-2 dark:bg-zinc-950">
            <ChatInput busy={busy} onSend={ask} onStop={() => void stop()} />
          </div>
        </main>
        {source && <SourcePanel target={source} onClose={closeSource} />}
        {documentsOpen && !source && (
          <DocumentsPanel
            onClose={closeDocuments}
            onOpen={openDocument}
            onChanged={documentsChanged}
            canDelete={uploads}
            version={uploadsDone}
          />
        )}
      </div>
    </CorpusWordingProvider>
  );
}
