'use client';

import type { Citation } from '@/lib/answer/types';

/**
 * A superscript chip for `[n]`; on wide screens hover or focus shows the source
 * (on narrow ones a tooltip would cover the text, and a tap opens the sheet anyway).
 * Enter or click opens it.
 */
export function CitationChip({ n, citation, onOpen }: { n: number; citation?: Citation; onOpen: (citation: Citation) => void }) {
  return (
    <span className="group relative inline-block align-super">
      <button
        type="button"
        data-testid="citation"
        data-citation={n}
        disabled={!citation}
        aria-label={citation ? `Source ${n}: ${citation.title}` : `Source ${n}`}
        aria-describedby={citation ? `citation-tip-${n}` : undefined}
        onClick={() => citation && onOpen(citation)}
        className="mx-0.5 rounded-md bg-sky-100 px-1.5 py-px text-[0.7rem] font-semibold leading-none text-sky-900 hover:bg-sky-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60 dark:bg-sky-900 dark:text-sky-100 dark:hover:bg-sky-800"
      >
        {n}
      </button>
      {citation && (
        <span
          id={`citation-tip-${n}`}
          role="tooltip"
          className="pointer-events-none absolute bottom-full left-1/2 z-20 mb-2 hidden w-72 max-w-[80vw] -translate-x-1/2 rounded-lg border border-zinc-200 bg-white p-3 text-left text-xs font-normal leading-snug text-zinc-800 shadow-lg md:group-focus-within:block md:group-hover:block dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <span className="mb-1 block font-semibold">{citation.title}</span>
          <span className="line-clamp-4 block">“{citation.text}”</span>
        </span>
      )}
    </span>
  );
}
