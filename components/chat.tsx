'use client';

import { useRouter } from 'next/navigation';
import { type ComponentProps, type ComponentType, lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';
import type { CorpusWording } from '@/lib/answer/wording';
import { ApiKeyPrompt, authHeaders, hasApiKey } from './api-key';
import { Button } from './button';
import { ChatInput } from './chat-input';
import { CorpusWordingProvider } from './corpus-wording';
import { DocumentsPanel } from './documents-panel';
import { EmptyState } from './empty-state';
import type { Given } from './feedback';
import { type Conversation, conversationMarkdown, titleOf } from './history-store';
import { HistorySidebar } from './history-sidebar';
import { SourcePanel } from './source-panel';
import { Thinking, UserBubble } from './turn-parts';
import type { IndexInfo, SourceTarget } from './types';
import { UploadDocuments } from './upload-documents';
import { useHistory } from './use-history';

/** The conversation a reload reopens. */
const OPEN_KEY = 'corpus-chat-open-conversation';
/** How long a deleted conversation can be brought back. */
const UNDO_MS = 10_000;

// The live conversation (the AI SDK and zod under it) loads apart from the page: see chat-session.tsx.
type SessionComponent = ComponentType<ComponentProps<typeof import('./chat-session')['default']>>;
let Loaded: SessionComponent | undefined;
const loadSession = () =>
  import('./chat-session').then((module) => {
    Loaded = module.default;
    return module;
  });
const LazySession = lazy(loadSession);
/**
 * When the page has settled, the live conversation loads anyway, so that a question asked without touching
 * the input first (a suggestion clicked) does not wait for it. Later than the page's start-up, so its
 * compilation is not one more long task on the way to the page being usable.
 */
const PRELOAD_AFTER_MS = 3000;

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
  const [keyState, setKeyState] = useState<'unknown' | 'needed' | 'rejected' | 'ok'>('unknown');
  const [retry, setRetry] = useState(0);
  const [source, setSource] = useState<SourceTarget | null>(null);
  // Lets tests (and people on slow links) tell a rendered page from an interactive one.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    setKeyState(apiKeyRequired && !hasApiKey() ? 'needed' : 'ok');
  }, [apiKeyRequired]);
  useEffect(() => {
    const timer = setTimeout(() => void loadSession(), PRELOAD_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  const onUnauthorized = useCallback(() => setKeyState('rejected'), []);
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

  // The history. The open conversation is live in a ChatSession keyed by its id; with none open, the page shows
  // the empty state until the first question, which opens a new one.
  const history = useHistory();
  const [openId, setOpenId] = useState<string>();
  const [pending, setPending] = useState<string>();
  // Chosen when a conversation opens and kept while it is open: the loaded module when it is there (no Suspense
  // fallback, whose commit would hold back the reveal of the answer's Markdown by React's 300 ms throttle),
  // else the lazy one. Switching type mid-conversation would remount it and drop a streaming answer.
  const [Session, setSession] = useState<SessionComponent>(() => LazySession);
  const [drawer, setDrawer] = useState(false);
  const closeDrawer = useCallback(() => setDrawer(false), []);
  const conversations = useRef(history.conversations);
  conversations.current = history.conversations;
  const current = history.conversations.find((c) => c.id === openId);
  const live = openId !== undefined;

  const show = useCallback((conversation: Conversation | undefined) => {
    setSource(null);
    setDrawer(false);
    setPending(undefined);
    setSession(() => Loaded ?? LazySession);
    setOpenId(conversation?.id);
    if (conversation) window.localStorage.setItem(OPEN_KEY, conversation.id);
    else window.localStorage.removeItem(OPEN_KEY);
  }, []);
  const start = (question: string) => {
    const id = crypto.randomUUID();
    setSession(() => Loaded ?? LazySession);
    setPending(question);
    setOpenId(id);
    window.localStorage.setItem(OPEN_KEY, id);
  };
  const restored = useRef(false);
  useEffect(() => {
    if (!history.ready || restored.current) return;
    restored.current = true;
    const id = window.localStorage.getItem(OPEN_KEY);
    const conversation = history.conversations.find((c) => c.id === id);
    if (conversation && openId === undefined) show(conversation);
  }, [history.ready, history.conversations, openId, show]);

  const { save } = history;
  const onSettled = useCallback(
    (messages: AnswerUIMessage[]) => {
      if (!openId) return;
      const existing = conversations.current.find((c) => c.id === openId);
      const now = Date.now();
      void save({
        ...existing,
        id: openId,
        title: existing?.renamed ? existing.title : titleOf(messages),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        messages,
      });
    },
    [openId, save],
  );
  const update = (id: string, change: (c: Conversation) => Conversation) => {
    const conversation = conversations.current.find((c) => c.id === id);
    if (conversation) void save(change(conversation));
  };
  const onVerdict = (messageId: string, given: Given) => {
    if (openId) update(openId, (c) => ({ ...c, verdicts: { ...c.verdicts, [messageId]: given } }));
  };

  // The documents the index holds now, once there are answers to check against: a source whose document has
  // been deleted since is marked as removed.
  const [known, setKnown] = useState<ReadonlySet<string>>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: uploadsDone is the trigger that lists the documents again after a change.
  useEffect(() => {
    if (!live || keyState !== 'ok') return;
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
  }, [live, keyState, uploadsDone]);
  const removed = useCallback((doc: string) => known !== undefined && !known.has(doc), [known]);

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
              className="whitespace-nowrap"
              data-testid="show-documents"
              aria-expanded={documentsOpen}
              onClick={() => {
                setSource(null);
                setDocumentsOpen((open) => !open);
              }}
            >
              Documents
            </Button>
            <Button className="whitespace-nowrap" data-testid="new-chat" onClick={() => show(undefined)}>
              New chat
            </Button>
          </header>
          <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-4 px-4 pb-4 pt-6">
            {(keyState === 'needed' || keyState === 'rejected') && (
              <ApiKeyPrompt
                rejected={keyState === 'rejected'}
                onSaved={() => {
                  setKeyState('ok');
                  setRetry((n) => n + 1);
                }}
              />
            )}
            {live && (current || pending !== undefined) ? (
              <Suspense fallback={<Waiting question={pending} />}>
                <Session
                  key={openId}
                  id={openId}
                  initialMessages={current?.messages ?? []}
                  pending={pending}
                  retry={retry}
                  overview={overview}
                  onOpenSource={setSource}
                  onSettled={onSettled}
                  onUnauthorized={onUnauthorized}
                  verdicts={current?.verdicts}
                  onVerdict={onVerdict}
                  removed={removed}
                />
              </Suspense>
            ) : (
              <>
                {/* A pointer over a suggestion, or focus on the input, starts loading the live conversation early. */}
                <div onPointerOverCapture={() => void loadSession()} onFocusCapture={() => void loadSession()}>
                  <EmptyState info={overview.info} suggestions={overview.suggestions} onAsk={start} />
                </div>
                <div className="sticky bottom-0 mt-auto bg-white pb-2 pt-2 dark:bg-zinc-950" onFocusCapture={() => void loadSession()}>
                  <ChatInput busy={false} onSend={start} onStop={() => undefined} />
                </div>
              </>
            )}
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
                void save(undo.conversation);
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

/** While the live conversation loads: the question just asked, and that it is being answered. */
function Waiting({ question }: { question: string | undefined }) {
  return (
    <div className="flex flex-col gap-6">
      {question && <UserBubble text={question} />}
      {question ? <Thinking /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the conversation…</p>}
    </div>
  );
}
