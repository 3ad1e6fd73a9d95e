'use client';

import { useState, type FormEvent } from 'react';
import type { AnswerData } from '@/lib/answer/ui-stream';
import { SAME_ORIGIN_HEADER } from '@/lib/security/headers';
import { authHeaders } from './api-key';
import { Button } from './button';
import type { Verdict } from './history-store';

const THUMBS = [
  { verdict: 'up', label: 'Good answer', icon: '👍', pressed: 'bg-emerald-100 dark:bg-emerald-900' },
  { verdict: 'down', label: 'Bad answer', icon: '👎', pressed: 'bg-red-100 dark:bg-red-900' },
] as const;

/** The comment's limit, as POST /api/feedback takes it. */
const COMMENT_CHARS = 500;

export interface Given {
  readonly verdict: Verdict;
  /** The feedback's id: a comment sent later carries it, so it replaces the verdict it adds to. */
  readonly id: string;
  readonly comment?: string;
}

async function post(body: Record<string, unknown>): Promise<string | undefined> {
  try {
    const response = await fetch('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SAME_ORIGIN_HEADER]: '1', ...authHeaders() },
      body: JSON.stringify(body),
    });
    if (response.ok) return undefined;
    const said = ((await response.json().catch(() => ({}))) as { error?: unknown }).error;
    return typeof said === 'string' ? said : `The server answered ${response.status}.`;
  } catch {
    return 'The server could not be reached.';
  }
}

/**
 * Thumbs up or down on an answer, then an optional comment. Each is sent to POST /api/feedback with the
 * question, the answer and its citations, so it can become an evaluation item.
 */
export function Feedback({
  question,
  answer,
  data,
  conversation,
  given,
  onGiven,
}: {
  question: string;
  answer: string;
  data: AnswerData;
  conversation: string;
  given: Given | undefined;
  onGiven: (given: Given) => void;
}) {
  const [error, setError] = useState<string>();
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const send = async (next: Given) => {
    setSending(true);
    const failed = await post({
      id: next.id,
      conversation,
      question,
      answer,
      citations: data.citations.map(({ id, doc, title, start, end, text }) => ({ id, doc, title, start, end, text })),
      answerer: data.answerer,
      version: data.version,
      confidence: data.confidence,
      refused: data.refused,
      verdict: next.verdict,
      ...(next.comment ? { comment: next.comment } : {}),
    });
    setSending(false);
    setError(failed);
    if (!failed) onGiven(next);
    return !failed;
  };
  const vote = (verdict: Verdict) => {
    if (sending || given?.verdict === verdict) return;
    void send({ verdict, id: given?.id ?? crypto.randomUUID() }).then((ok) => ok && setCommenting(true));
  };
  const submitComment = (event: FormEvent) => {
    event.preventDefault();
    const text = comment.trim();
    if (!given || !text) return;
    void send({ ...given, comment: text }).then((ok) => ok && setCommenting(false));
  };
  return (
    <div data-testid="feedback" data-verdict={given?.verdict ?? ''} className="flex flex-wrap items-center gap-1 text-xs">
      {THUMBS.map((thumb) => (
        <Button
          key={thumb.verdict}
          variant="ghost"
          data-testid={`thumbs-${thumb.verdict}`}
          aria-label={thumb.label}
          aria-pressed={given?.verdict === thumb.verdict}
          disabled={sending}
          onClick={() => vote(thumb.verdict)}
          className={given?.verdict === thumb.verdict ? thumb.pressed : ''}
        >
          {thumb.icon}
        </Button>
      ))}
      {given && !commenting && (
        <span data-testid="feedback-thanks" className="text-zinc-600 dark:text-zinc-400">
          Thanks{given.comment ? ' for the comment' : ''}.
        </span>
      )}
      {error && (
        <span role="alert" className="text-red-700 dark:text-red-400">
          Feedback not sent: {error}
        </span>
      )}
      {commenting && given && (
        <form onSubmit={submitComment} className="mt-1 flex w-full flex-col gap-1">
          <label htmlFor={`comment-${given.id}`} className="text-zinc-700 dark:text-zinc-300">
            {given.verdict === 'down' ? 'What was wrong? (optional)' : 'Anything to add? (optional)'}
          </label>
          <textarea
            id={`comment-${given.id}`}
            data-testid="feedback-comment"
            rows={2}
            maxLength={COMMENT_CHARS}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            className="rounded-lg border border-zinc-300 bg-white p-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <div className="flex items-center gap-2">
            <Button variant="small" type="submit" data-testid="send-comment" disabled={sending || !comment.trim()}>
              Send comment
            </Button>
            <Button variant="small" onClick={() => setCommenting(false)}>
              Skip
            </Button>
            <span className="text-zinc-600 dark:text-zinc-400">
              {comment.length}/{COMMENT_CHARS}
            </span>
          </div>
        </form>
      )}
    </div>
  );
}
