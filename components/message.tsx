'use client';

import { useState } from 'react';
import type { Citation } from '@/lib/answer/types';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';
import { Button } from './button';
import { useCorpusWording } from './corpus-wording';
import { Feedback, type Given } from './feedback';
import { AnswerMarkdown } from './markdown';
import { UserBubble } from './turn-parts';
import type { SourceTarget } from './types';

export function textOf(message: AnswerUIMessage): string {
  return message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function snippet(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="ghost"
      data-testid="copy-answer"
      onClick={async () => {
        await navigator.clipboard?.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
      className="text-xs text-zinc-600 dark:text-zinc-300"
    >
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}

/** Said under an answer whose evidence is real but weak, so the reader checks the sources. */
const HINTS = {
  medium: 'Medium confidence: the best match answers only part of the question. Check the sources.',
  low: 'Low confidence: these are the closest sentences found, not a sure answer. Check the sources.',
} as const;

export function Message({
  message,
  streaming,
  onOpenSource,
  suggestions,
  onAsk,
  feedback,
  removed,
}: {
  message: AnswerUIMessage;
  streaming: boolean;
  onOpenSource: (target: SourceTarget) => void;
  suggestions: readonly string[];
  onAsk: (question: string) => void;
  /** For an answer to a question: what its feedback says about it. */
  feedback?: { question: string; conversation: string; given: Given | undefined; onGiven: (given: Given) => void };
  removed: (doc: string) => boolean;
}) {
  const corpus = useCorpusWording();
  const text = textOf(message);
  if (message.role === 'user') {
    return <UserBubble text={text} />;
  }
  const data = message.parts.find((p) => p.type === 'data-answer')?.data;
  const citations = data?.citations ?? [];
  const openCitation = (c: Citation) =>
    onOpenSource({
      doc: c.doc,
      title: c.title,
      start: c.start,
      end: c.end,
      label: `Source ${c.id}`,
      ...(data?.version ? { cited: { version: data.version, text: c.text } } : {}),
      ...(removed(c.doc) ? { removed: true } : {}),
    });
  const refused = data?.refused ?? false;
  const confidence = data?.confidence;
  const sourcesText = citations.map((c) => `[${c.id}] ${c.title} (${c.doc})`).join('\n');
  return (
    <div
      data-testid="message-assistant"
      data-refused={refused}
      data-kind={data?.kind}
      data-done={!streaming}
      className="max-w-full break-words"
    >
      <div
        data-testid="answer-text"
        className={
          refused
            ? 'rounded-2xl border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100'
            : 'leading-relaxed'
        }
      >
        {refused && <p className="mb-1 font-semibold">The {corpus.name} don&apos;t cover this.</p>}
        <AnswerMarkdown text={text} citations={citations} onOpen={openCitation} />
        {streaming && <span className="ml-1 inline-block h-4 w-1.5 animate-pulse bg-zinc-400 align-middle" aria-hidden="true" />}
      </div>
      {!streaming && data && (
        <div className="mt-3 space-y-2">
          {(data.kind === 'greeting' || data.kind === 'help') && suggestions.length > 0 && (
            <section aria-label="Questions to try" className="flex flex-wrap gap-2">
              {suggestions.map((q) => (
                <Button key={q} variant="chip" data-testid="reply-suggestion" onClick={() => onAsk(q)}>
                  {q}
                </Button>
              ))}
            </section>
          )}
          {(confidence === 'low' || confidence === 'medium') && (
            <p data-testid="confidence-hint" data-confidence={confidence} className="text-xs text-amber-800 dark:text-amber-300">
              {HINTS[confidence]}
            </p>
          )}
          {citations.length > 0 && (
            <section aria-label="Sources" data-testid="sources">
              <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Sources</h3>
              <ol className="space-y-1">
                {citations.map((c) => (
                  <li key={c.id}>
                    <Button variant="card" onClick={() => openCitation(c)}>
                      <span className="font-semibold">
                        [{c.id}] {c.title}
                      </span>{' '}
                      <span className="text-xs text-zinc-600 dark:text-zinc-400">{c.doc}</span>
                      {removed(c.doc) && (
                        <span
                          data-testid="source-removed"
                          className="ml-1 rounded bg-zinc-200 px-1 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
                        >
                          removed
                        </span>
                      )}
                      <span className="mt-0.5 block text-zinc-700 dark:text-zinc-300">{snippet(c.text)}</span>
                    </Button>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {refused && data.passages.length > 0 && (
            <section aria-label="Related passages" data-testid="related">
              <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Related reading</h3>
              <ul className="space-y-1">
                {data.passages.slice(0, 3).map((p) => (
                  <li key={`${p.doc}:${p.start}`}>
                    <Button
                      variant="card"
                      onClick={() => onOpenSource({ doc: p.doc, title: p.title, start: p.start, end: p.end, label: 'Related passage' })}
                    >
                      <span className="font-semibold">{p.title}</span>{' '}
                      <span className="text-xs text-zinc-600 dark:text-zinc-400">{p.doc}</span>
                      <span className="mt-0.5 block text-zinc-700 dark:text-zinc-300">{snippet(p.text)}</span>
                    </Button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <div className="flex flex-wrap items-center gap-2">
            <CopyButton text={sourcesText ? `${text}\n\nSources:\n${sourcesText}` : text} />
            {feedback && (data.kind === 'answer' || data.kind === 'refusal') && (
              <Feedback
                question={feedback.question}
                answer={text}
                data={data}
                conversation={feedback.conversation}
                given={feedback.given}
                onGiven={feedback.onGiven}
              />
            )}
          </div>
        </div>
      )}
    </div>
  );
}
