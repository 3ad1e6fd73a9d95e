'use client';

import './zod-jitless';
import { useChat } from '@ai-sdk/react';
import { APICallError, DefaultChatTransport } from 'ai';
import { useEffect, useRef } from 'react';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';
import { authHeaders } from './api-key';
import { ChatInput } from './chat-input';
import { EmptyState } from './empty-state';
import { ErrorBanner } from './error-banner';
import type { Given } from './feedback';
import { MessageList } from './message-list';
import type { IndexInfo, SourceTarget } from './types';

/** What a set of messages looks like to the history: it changed when this changes. */
function signatureOf(messages: readonly AnswerUIMessage[]): string {
  const last = messages[messages.length - 1];
  return `${messages.length}:${last?.id ?? ''}:${last ? JSON.stringify(last.parts).length : 0}`;
}

/**
 * One conversation, live: the AI SDK's `useChat` streaming from /api/chat, the messages (rendered as Markdown),
 * the error and the input. This module, with the SDK, zod and the Markdown renderer under it, loads apart from
 * the page: an empty chat (the first
 * paint) renders the same empty state and input without it, and the page mounts this on the first question
 * or when it opens a conversation from the history. Remounted (by key) for each conversation.
 */
export default function ChatSession({
  id,
  initialMessages,
  pending,
  retry,
  overview,
  onOpenSource,
  onSettled,
  onUnauthorized,
  verdicts,
  onVerdict,
  removed,
}: {
  id: string;
  initialMessages: AnswerUIMessage[];
  /** A question to send as soon as this mounts (asked before the module had loaded). */
  pending: string | undefined;
  /** Changes when the API key was given again: a request refused for the key is sent again. */
  retry: number;
  overview: { info: IndexInfo; suggestions: readonly string[] };
  onOpenSource: (target: SourceTarget) => void;
  /** The messages whenever they settle (and when a question is sent), for the history. */
  onSettled: (messages: AnswerUIMessage[]) => void;
  onUnauthorized: () => void;
  verdicts: Readonly<Record<string, Given>> | undefined;
  onVerdict: (messageId: string, given: Given) => void;
  removed: (doc: string) => boolean;
}) {
  const { messages, sendMessage, status, stop, error, regenerate, clearError } = useChat<AnswerUIMessage>({
    id,
    messages: initialMessages,
    transport: new DefaultChatTransport({ api: '/api/chat', headers: authHeaders }),
  });
  const busy = status === 'submitted' || status === 'streaming';
  const ask = (text: string) => {
    clearError();
    void sendMessage({ text });
  };
  const sent = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the pending question is sent once, on mount.
  useEffect(() => {
    if (pending && !sent.current) {
      sent.current = true;
      ask(pending);
    }
  }, []);

  const saved = useRef(signatureOf(initialMessages));
  const settled = useRef(onSettled);
  settled.current = onSettled;
  useEffect(() => {
    if (messages.length === 0 || status === 'streaming') return;
    const signature = signatureOf(messages);
    if (signature === saved.current) return;
    saved.current = signature;
    settled.current(messages);
  }, [messages, status]);

  // A 401 means the key is missing or wrong: the page asks again, and the conversation stays.
  const unauthorized = APICallError.isInstance(error) && error.statusCode === 401;
  useEffect(() => {
    if (unauthorized) onUnauthorized();
  }, [unauthorized, onUnauthorized]);
  const retried = useRef(retry);
  useEffect(() => {
    if (retry === retried.current) return;
    retried.current = retry;
    if (error) {
      clearError();
      void regenerate();
    }
  }, [retry, error, clearError, regenerate]);

  return (
    <>
      {messages.length === 0 ? (
        <EmptyState info={overview.info} suggestions={overview.suggestions} onAsk={ask} />
      ) : (
        <MessageList
          messages={messages}
          busy={busy}
          onOpenSource={onOpenSource}
          suggestions={overview.suggestions}
          onAsk={ask}
          conversation={id}
          verdicts={verdicts}
          onVerdict={onVerdict}
          removed={removed}
        />
      )}
      {error && !unauthorized && <ErrorBanner error={error} onRetry={() => void regenerate()} />}
      <div className="sticky bottom-0 mt-auto bg-white pb-2 pt-2 dark:bg-zinc-950">
        <ChatInput busy={busy} onSend={ask} onStop={() => void stop()} />
      </div>
    </>
  );
}
