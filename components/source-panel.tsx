'use client';

import { useEffect, useRef, useState } from 'react';
import { authHeaders } from './api-key';
import { documentUrl, SidePanel } from './side-panel';
import type { SourceTarget } from './types';

type Loaded =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; title: string; text: string }
  /** The document changed or was deleted since the answer, and its version is gone: the cited text, from the answer itself. */
  | { state: 'quote'; text: string; removed: boolean };

/**
 * The cited document, scrolled to the cited span with it highlighted. A citation asks for the index version
 * its answer came from, and its span is checked against the text it cited: a slice of newer text is never shown
 * as what was cited.
 */
export function SourcePanel({ target, onClose }: { target: SourceTarget; onClose: () => void }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const mark = useRef<HTMLElement>(null);
  const { cited } = target;

  useEffect(() => {
    let cancelled = false;
    setLoaded({ state: 'loading' });
    const url = `${documentUrl(target.doc)}${cited ? `?version=${encodeURIComponent(cited.version)}` : ''}`;
    fetch(url, { headers: authHeaders() })
      .then(async (response) => {
        const body = (await response.json()) as { title?: string; text?: string; error?: string };
        if (cancelled) return;
        const gone = response.status === 404 || response.status === 410;
        const stale = cited && (gone || (body.text !== undefined && body.text.slice(target.start, target.end) !== cited.text));
        if (stale) setLoaded({ state: 'quote', text: cited.text, removed: target.removed === true || response.status === 404 });
        else if (!response.ok || body.text === undefined)
          setLoaded({ state: 'error', message: body.error ?? 'The document could not be loaded.' });
        else setLoaded({ state: 'ready', title: body.title ?? target.title, text: body.text });
      })
      .catch(() => !cancelled && setLoaded({ state: 'error', message: 'The server could not be reached.' }));
    return () => {
      cancelled = true;
    };
  }, [target.doc, target.title, target.start, target.end, target.removed, cited]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: another sentence of the same document (target.start) must scroll too, though the text is already loaded.
  useEffect(() => {
    if (loaded.state === 'ready') mark.current?.scrollIntoView({ block: 'center' });
  }, [loaded, target.start]);

  return (
    <SidePanel
      testId="source-panel"
      titleId="source-title"
      closeLabel="Close source"
      closeTestId="close-source"
      onClose={onClose}
      heading={
        <>
          <p className="text-xs font-semibold uppercase tracking-wide text-sky-800 dark:text-sky-300">{target.label}</p>
          <h2 id="source-title" className="font-semibold">
            {loaded.state === 'ready' ? loaded.title : target.title}
          </h2>
          <p data-testid="source-doc" className="truncate text-xs text-zinc-600 dark:text-zinc-400">
            {target.doc}
            {target.removed && ' (removed)'}
          </p>
        </>
      }
    >
      <div className="flex-1 overflow-y-auto p-4 text-sm leading-relaxed">
        {loaded.state === 'loading' && <p className="text-zinc-600 dark:text-zinc-400">Loading…</p>}
        {loaded.state === 'error' && (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {loaded.message}
          </p>
        )}
        {loaded.state === 'quote' && (
          <div data-testid="source-quote">
            <p className="mb-2 text-zinc-600 dark:text-zinc-400">
              This document has {loaded.removed ? 'been removed' : 'changed'} since the answer was given. The sentence it cited:
            </p>
            <blockquote className="border-l-4 border-yellow-300 pl-3">
              <mark ref={mark} data-testid="source-highlight" className="rounded bg-yellow-200 px-0.5 text-zinc-950 dark:bg-yellow-300">
                {loaded.text}
              </mark>
            </blockquote>
          </div>
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
    </SidePanel>
  );
}
