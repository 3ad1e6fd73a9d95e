'use client';

import { useEffect, useRef, useState } from 'react';
import { authHeaders } from './api-key';
import type { SourceTarget } from './types';

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; title: string; text: string };

function documentUrl(doc: string): string {
  return `/api/documents/${doc.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The cited document, scrolled to the cited span with it highlighted: a side
 * panel on wide screens, a bottom sheet on narrow ones. Esc closes it and
 * focus returns to whatever opened it.
 */
export function SourcePanel({ target, onClose }: { target: SourceTarget; onClose: () => void }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const mark = useRef<HTMLElement>(null);
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [onClose]);

  useEffect(() => {
    let cancelled = false;
    setLoaded({ state: 'loading' });
    fetch(documentUrl(target.doc), { headers: authHeaders() })
      .then(async (response) => {
        const body = (await response.json()) as { title?: string; text?: string; error?: string };
        if (cancelled) return;
        if (!response.ok || body.text === undefined) setLoaded({ state: 'error', message: body.error ?? 'The document could not be loaded.' });
        else setLoaded({ state: 'ready', title: body.title ?? target.title, text: body.text });
      })
      .catch(() => !cancelled && setLoaded({ state: 'error', message: 'The server could not be reached.' }));
    return () => {
      cancelled = true;
    };
  }, [target.doc, target.title]);

  useEffect(() => {
    if (loaded.state === 'ready') mark.current?.scrollIntoView({ block: 'center' });
  }, [loaded, target.start]);

  return (
    <aside
      data-testid="source-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="source-title"
      className="fixed inset-x-0 bottom-0 z-30 flex h-[70vh] flex-col rounded-t-2xl border-t border-zinc-200 bg-white shadow-2xl md:inset-y-0 md:left-auto md:right-0 md:h-full md:w-[30rem] md:rounded-none md:border-l md:border-t-0 dark:border-zinc-800 dark:bg-zinc-950"
    >
      <header className="flex items-start gap-3 border-b border-zinc-200 p-4 dark:border-zinc-800">
        <div className="min-w-0 flex-1">
          <p className="text-xs font-semibold uppercase tracking-wide text-sky-800 dark:text-sky-300">{target.label}</p>
          <h2 id="source-title" className="font-semibold">
            {loaded.state === 'ready' ? loaded.title : target.title}
          </h2>
          <p data-testid="source-doc" className="truncate text-xs text-zinc-600 dark:text-zinc-400">
            {target.doc}
          </p>
        </div>
        <button
          ref={close}
          type="button"
          data-testid="close-source"
          onClick={onClose}
          aria-label="Close source"
          className="rounded-md px-2 py-1 text-lg leading-none hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-zinc-800"
        >
          ×
        </button>
      </header>
      <div className="flex-1 overflow-y-auto p-4 text-sm leading-relaxed">
        {loaded.state === 'loading' && <p className="text-zinc-600 dark:text-zinc-400">Loading…</p>}
        {loaded.state === 'error' && (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {loaded.message}
          </p>
        )}
        {loaded.state === 'ready' && (
          <div data-testid="source-text" className="whitespace-pre-wrap">
            {loaded.text.slice(0, target.start)}
            <mark ref={mark} data-testid="source-highlight" className="rounded bg-yellow-200 px-0.5 text-zinc-950 dark:bg-yellow-300">
              {loaded.text.slice(target.start, target.end)}
            </mark>
            {loaded.text.slice(target.end)}
          </div>
        )}
      </div>
    </aside>
  );
}
