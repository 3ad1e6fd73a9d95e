'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from './button';

/** The API path of a document, each segment of its id encoded. */
export function documentUrl(id: string): string {
  return `/api/documents/${id.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * While `open`: focus moves to `target()` (the panel's first control), Esc calls `onClose`, and focus returns
 * to whatever had it before once the panel closes.
 */
export function useDismissible(open: boolean, onClose: () => void, target: () => HTMLElement | null | undefined): void {
  const first = useRef(target);
  first.current = target;
  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current()?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [open, onClose]);
}

/**
 * A panel beside the chat on wide screens, a bottom sheet on narrow ones: the
 * source viewer and the documents list. It takes focus when it opens (on its
 * close button), Esc closes it, and focus returns to whatever opened it.
 */
export function SidePanel({
  testId,
  titleId,
  heading,
  closeLabel,
  closeTestId,
  onClose,
  children,
}: {
  testId: string;
  /** The id of the element in `heading` that names the panel. */
  titleId: string;
  heading: ReactNode;
  closeLabel: string;
  closeTestId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const close = useRef<HTMLButtonElement>(null);
  useDismissible(true, onClose, () => close.current);

  return (
    <aside
      data-testid={testId}
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      className="fixed inset-x-0 bottom-0 z-30 flex h-[70vh] flex-col rounded-t-2xl border-t border-zinc-200 bg-white shadow-2xl md:inset-y-0 md:left-auto md:right-0 md:h-full md:w-[30rem] md:rounded-none md:border-l md:border-t-0 dark:border-zinc-800 dark:bg-zinc-950"
    >
      <header className="flex items-start gap-3 border-b border-zinc-200 p-4 dark:border-zinc-800">
        <div className="min-w-0 flex-1">{heading}</div>
        <Button
          ref={close}
          variant="ghost"
          data-testid={closeTestId}
          onClick={onClose}
          aria-label={closeLabel}
          className="text-lg leading-none"
        >
          ×
        </Button>
      </header>
      {children}
    </aside>
  );
}
