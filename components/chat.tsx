'use client';

import './zod-jitless';
import { useChat } from '@ai-sdk/react';
import { APICallError, DefaultChatTransport } from 'ai';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';
import type { CorpusWording } from '@/lib/answer/wording';
import { ApiKeyPrompt, authHeaders, hasApiKey } from './api-key';
import { Button } from './button';
import { ChatInput } from './chat-input';
import { CorpusWordingProvider } from './corpus-wording';
import { DocumentsPanel } from './documents-panel';
import { EmptyState } from './empty-state';
import { ErrorBanner } from './error-banner';
import { type Conversation, conversationMarkdown, titleOf, type Verdict } from './history-store';
import { HistorySidebar } from './history-sidebar';
import { MessageList } from './message-list';
import { SourcePanel } from './source-panel';
import type { IndexInfo, SourceTarget } from './types';
import { UploadDocuments } from './upload-documents';
import { useHistory } from './use-history';

/** The conversation a reload reopens. */
const OPEN_KEY = 'corpus-chat-open-conversation';
/** How long a deleted conversation can be brought back. */
const UNDO_MS = 10_000;

/** What a set of messages looks like to the history: it changed when this changes. */
function signatureOf(messages: readonly AnswerUIMessage[]): string {
  const last = messages[messages.length - 1];
  return `${messages.length}:${last?.id ?? ''}:${last ? JSON.stringify(last.parts).length : 0}`;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function fileNameOf(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'conversation'}.md`;
}

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

  // The documents the index holds now, once there are answers to check against: a source whose document has
  // been deleted since is marked as removed.
  const [known, setKnown] = useState<ReadonlySet<string>>();
  const hasMessages = messages.length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: uploadsDone is the trigger that lists the documents again after a change.
  useEffect(() => {
    if (!hasMessages || keyState !== 'ok') return;
    let cancelled = false;
    void fetch('/api/documents', { headers: authHeaders() })
      .then(async (response) => {
        if (!cancelled && response.ok)
          setKnown(new Set(((await response.json()) as { documents: { id: string }[] }).documents.map((d) => d.id)));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [hasMessages, keyState, uploadsDone]);
  const removed = useCallback((doc: string) => known !== undefined && !known.has(doc), [known]);

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

  // The history: the open conversation is written whenever its messages settle (and when a question is sent,
  // so a reload mid-answer keeps the question); a reload reopens it.
  const history = useHistory();
  const [openId, setOpenId] = useState<string>();
  const [drawer, setDrawer] = useState(false);
  const closeDrawer = useCallback(() => setDrawer(false), []);
  const conversations = useRef(history.conversations);
  conversations.current = history.conversations;
  const saved = useRef(signatureOf([]));
  const current = history.conversations.find((c) => c.id === openId);
  useEffect(() => {
    if (!history.ready || messages.length === 0 || status === 'streaming') return;
    const signature = signatureOf(messages);
    if (signature === saved.current) return;
    saved.current = signature;
    const id = openId ?? crypto.randomUUID();
    if (!openId) {
      setOpenId(id);
      window.localStorage.setItem(OPEN_KEY, id);
    }
    const existing = conversations.current.find((c) => c.id === id);
    const now = Date.now();
    void history.save({
      ...existing,
      id,
      title: existing?.renamed ? existing.title : titleOf(messages),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      messages,
    });
  }, [history.ready, history.save, messages, status, openId]);

  const show = useCallback(
    (conversation: Conversation | undefined) => {
      void stop();
      clearError();
      setSource(null);
      setDrawer(false);
      saved.current = signatureOf(conversation?.messages ?? []);
      setMessages(conversation?.messages ?? []);
      setOpenId(conversation?.id);
      if (conversation) window.localStorage.setItem(OPEN_KEY, conversation.id);
      else window.localStorage.removeItem(OPEN_KEY);
    },
    [stop, clearError, setMessages],
  );
  const restored = useRef(false);
  useEffect(() => {
    if (!history.ready || restored.current) return;
    restored.current = true;
    const id = window.localStorage.getItem(OPEN_KEY);
    const conversation = history.conversations.find((c) => c.id === id);
    if (conversation && messages.length === 0) show(conversation);
  }, [history.ready, history.conversations, messages.length, show]);

  const [undo, setUndo] = useState<{ conversation: Conversation; wasOpen: boolean }>();
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndo(undefined), UNDO_MS);
    return () => clearTimeout(timer);
  }, [undo]);
  const remove = (id: string) => {
    const conversation = history.conversations.find((c) => c.id === id);
    if (!conversation) return;
    void history.remove(id);
    setUndo({ conversation, wasOpen: id === openId });
    if (id === openId) show(undefined);
  };
  const update = (id: string, change: (c: Conversation) => Conversation) => {
    const conversation = conversations.current.find((c) => c.id === id);
    if (conversation) void history.save(change(conversation));
  };
  const onVerdict = (messageId: string, given: { verdict: Verdict; id: string; comment?: string }) => {
    if (openId) update(openId, (c) => ({ ...c, verdicts: { ...c.verdicts, [messageId]: given } }));
  };

  return (
    <CorpusWordingProvider value={corpus}>
      <div data-testid="chat" data-hydrated={hydrated} className="flex min-h-screen">
        <HistorySidebar
          conversations={history.conversations}
          openId={openId}
          drawer={drawer}
          notice={history.notice}
          onCloseDrawer={closeDrawer}
          onOpen={(id) => show(history.conversations.find((c) => c.id === id))}
          onRename={(id, title) => update(id, (c) => ({ ...c, title, renamed: true }))}
          onExport={(id) => {
            const conversation = history.conversations.find((c) => c.id === id);
            if (conversation) download(fileNameOf(conversation.title), conversationMarkdown(conversation, removed));
          }}
          onDelete={remove}
          onClearAll={() => {
            void history.clear();
            show(undefined);
          }}
        />
        <div className={`flex min-w-0 flex-1 flex-col ${source || documentsOpen ? 'md:pr-[30rem]' : ''}`}>
          <header className="sticky top-0 z-10 flex items-center gap-2 border-b border-zinc-200 bg-white/90 px-4 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
            <Button
              variant="ghost"
              data-testid="show-history"
              aria-label="Conversations"
              aria-expanded={drawer}
              onClick={() => setDrawer(true)}
              className="text-lg leading-none md:hidden"
            >
              ☰
            </Button>
            <h1 className="min-w-0 flex-1 truncate text-lg font-semibold">corpus-chat</h1>
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
            <Button data-testid="new-chat" onClick={() => show(undefined)}>
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
              <MessageList
                messages={messages}
                busy={busy}
                onOpenSource={setSource}
                suggestions={overview.suggestions}
                onAsk={ask}
                conversation={openId}
                verdicts={current?.verdicts}
                onVerdict={onVerdict}
                removed={removed}
              />
            )}
            {error && !unauthorized && <ErrorBanner error={error} onRetry={() => void regenerate()} />}
            <div className="sticky bottom-0 mt-auto bg-white pb-2 pt-2 dark:bg-zinc-950">
              <ChatInput busy={busy} onSend={ask} onStop={() => void stop()} />
            </div>
          </main>
        </div>
        {undo && (
          <div
            data-testid="undo-delete"
            role="status"
            className="fixed bottom-4 left-1/2 z-50 flex -translate-x-1/2 items-center gap-3 rounded-xl bg-zinc-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
          >
            <span className="max-w-[60vw] truncate">Deleted “{undo.conversation.title}”.</span>
            <button
              type="button"
              data-testid="undo"
              onClick={() => {
                void history.save(undo.conversation);
                if (undo.wasOpen) show(undo.conversation);
                setUndo(undefined);
              }}
              className="font-semibold text-sky-300 underline-offset-2 hover:underline dark:text-sky-800"
            >
              Undo
            </button>
          </div>
        )}
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
