'use client';

import { useEffect, useRef } from 'react';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';
import type { Given } from './feedback';
import { Message, textOf } from './message';
import { Thinking } from './turn-parts';
import type { SourceTarget } from './types';

export function MessageList({
  messages,
  busy,
  onOpenSource,
  suggestions,
  onAsk,
  conversation,
  verdicts,
  onVerdict,
  removed,
}: {
  messages: AnswerUIMessage[];
  busy: boolean;
  onOpenSource: (t: SourceTarget) => void;
  /** Offered under a greeting or help reply. */
  suggestions: readonly string[];
  onAsk: (question: string) => void;
  /** The open conversation's id, once it has one: feedback names it. */
  conversation: string | undefined;
  verdicts: Readonly<Record<string, Given>> | undefined;
  onVerdict: (messageId: string, given: Given) => void;
  /** Whether a cited document has been deleted since. */
  removed: (doc: string) => boolean;
}) {
  const end = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new message or streamed word is the trigger to follow the end; other renders (typing) must not scroll.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages]);
  const last = messages[messages.length - 1];
  return (
    <div data-testid="message-list" aria-live="polite" className="flex flex-col gap-6">
      {messages.map((m, i) => {
        const asked = messages[i - 1];
        return (
          <Message
            key={m.id}
            message={m}
            streaming={busy && m === last && m.role === 'assistant'}
            onOpenSource={onOpenSource}
            suggestions={suggestions}
            onAsk={onAsk}
            feedback={
              m.role === 'assistant' && asked?.role === 'user' && conversation
                ? { question: textOf(asked), conversation, given: verdicts?.[m.id], onGiven: (given) => onVerdict(m.id, given) }
                : undefined
            }
            removed={removed}
          />
        );
      })}
      {busy && last?.role === 'user' && <Thinking />}
      <div ref={end} />
    </div>
  );
}
