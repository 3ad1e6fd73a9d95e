'use client';

import { useEffect, useRef } from 'react';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';
import { useCorpusWording } from './corpus-wording';
import { Message } from './message';
import type { SourceTarget } from './types';

export function MessageList({
  messages,
  busy,
  onOpenSource,
  suggestions,
  onAsk,
}: {
  messages: AnswerUIMessage[];
  busy: boolean;
  onOpenSource: (t: SourceTarget) => void;
  /** Offered under a greeting or help reply. */
  suggestions: readonly string[];
  onAsk: (question: string) => void;
}) {
  const end = useRef<HTMLDivElement>(null);
  const corpus = useCorpusWording();
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new message or streamed word is the trigger to follow the end; other renders (typing) must not scroll.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages]);
  const last = messages[messages.length - 1];
  return (
    <div data-testid="message-list" aria-live="polite" className="flex flex-col gap-6">
      {messages.map((m) => (
        <Message
          key={m.id}
          message={m}
          streaming={busy && m === last && m.role === 'assistant'}
          onOpenSource={onOpenSource}
          suggestions={suggestions}
          onAsk={onAsk}
        />
      ))}
      {busy && last?.role === 'user' && (
        <p data-testid="thinking" className="text-sm text-zinc-600 dark:text-zinc-400">
          Searching the {corpus.name}…
        </p>
      )}
      <div ref={end} />
    </div>
  );
}
