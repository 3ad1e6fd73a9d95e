'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from './button';
import { formatLocal } from './format';
import type { Conversation } from './history-store';
import { useDismissible } from './side-panel';

function Item({
  conversation,
  current,
  onOpen,
  onRename,
  onExport,
  onDelete,
}: {
  conversation: Conversation;
  current: boolean;
  onOpen: () => void;
  onRename: (title: string) => void;
  onExport: () => void;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(conversation.title);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);
  const save = (event: FormEvent) => {
    event.preventDefault();
    const title = name.trim();
    if (title) onRename(title);
    setEditing(false);
  };
  return (
    <li
      data-testid="conversation"
      data-current={current}
      className={`group flex items-start gap-1 rounded-lg px-2 py-1.5 ${current ? 'bg-sky-50 dark:bg-sky-950' : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'}`}
    >
      {editing ? (
        <form onSubmit={save} className="flex min-w-0 flex-1 gap-1">
          <label htmlFor={`rename-${conversation.id}`} className="sr-only">
            New name for the conversation
          </label>
          <input
            ref={input}
            id={`rename-${conversation.id}`}
            data-testid="rename-input"
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setName(conversation.title);
                setEditing(false);
              }
            }}
            className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-1.5 py-0.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <Button variant="small" type="submit" data-testid="rename-save">
            Save
          </Button>
        </form>
      ) : (
        <>
          <button
            type="button"
            data-testid="open-conversation"
            aria-current={current ? 'true' : undefined}
            onClick={onOpen}
            className="min-w-0 flex-1 rounded text-left focus-visible:outline-2 focus-visible:outline-sky-600"
          >
            <span data-testid="conversation-title" className="block truncate text-sm">
              {conversation.title}
            </span>
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">{formatLocal(conversation.updatedAt)}</span>
          </button>
          {/* Shown for the open conversation, and for another on hover or keyboard focus: titles keep the room. */}
          <span className={`shrink-0 ${current ? 'flex' : 'hidden group-focus-within:flex group-hover:flex'}`}>
            <Button
              variant="ghost"
              data-testid="rename-conversation"
              aria-label={`Rename “${conversation.title}”`}
              onClick={() => {
                setName(conversation.title);
                setEditing(true);
              }}
              className="text-xs text-zinc-600 dark:text-zinc-300"
            >
              ✎
            </Button>
            <Button
              variant="ghost"
              data-testid="export-conversation"
              aria-label={`Export “${conversation.title}” as Markdown`}
              onClick={onExport}
              className="text-xs text-zinc-600 dark:text-zinc-300"
            >
              ⤓
            </Button>
            <Button
              variant="ghost"
              data-testid="delete-conversation"
              aria-label={`Delete “${conversation.title}”`}
              onClick={onDelete}
              className="text-xs text-zinc-600 dark:text-zinc-300"
            >
              ✕
            </Button>
          </span>
        </>
      )}
    </li>
  );
}

/**
 * The conversations kept in this browser, newest first: a column beside the chat on wide screens, a drawer
 * (opened from the header) on narrow ones. Esc closes the drawer.
 */
export function HistorySidebar({
  conversations,
  openId,
  drawer,
  notice,
  onCloseDrawer,
  onOpen,
  onRename,
  onExport,
  onDelete,
  onClearAll,
}: {
  conversations: readonly Conversation[];
  openId: string | undefined;
  /** Open as a drawer (narrow screens). */
  drawer: boolean;
  notice: string | undefined;
  onCloseDrawer: () => void;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => void;
  onExport: (id: string) => void;
  onDelete: (id: string) => void;
  onClearAll: () => void;
}) {
  const [confirmClear, setConfirmClear] = useState(false);
  const panel = useRef<HTMLElement>(null);
  useDismissible(drawer, onCloseDrawer, () => panel.current?.querySelector<HTMLElement>('button'));

  return (
    <>
      {drawer && (
        <button
          type="button"
          aria-label="Close the conversations"
          data-testid="history-backdrop"
          onClick={onCloseDrawer}
          className="fixed inset-0 z-30 bg-zinc-950/40 md:hidden"
        />
      )}
      <nav
        ref={panel}
        aria-label="Conversations"
        data-testid="history"
        data-drawer={drawer}
        className={`${drawer ? 'fixed inset-y-0 left-0 z-40 flex w-72 shadow-2xl' : 'hidden'} h-dvh shrink-0 flex-col border-r border-zinc-200 bg-white md:sticky md:top-0 md:z-auto md:flex md:w-64 md:shadow-none dark:border-zinc-800 dark:bg-zinc-950`}
      >
        <div className="flex items-center gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="flex-1 text-lg font-semibold">History</h2>
          {drawer && (
            <Button variant="ghost" aria-label="Close the conversations" data-testid="close-history" onClick={onCloseDrawer}>
              ×
            </Button>
          )}
        </div>
        {notice && (
          <p
            data-testid="history-notice"
            role="status"
            className="m-3 rounded-lg bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100"
          >
            {notice}
          </p>
        )}
        {conversations.length === 0 ? (
          <p className="px-4 pt-3 text-sm text-zinc-600 dark:text-zinc-400">Your conversations will be kept here, in this browser.</p>
        ) : (
          <ul data-testid="conversations" className="flex-1 space-y-0.5 overflow-y-auto px-2 pt-2">
            {conversations.map((c) => (
              <Item
                key={c.id}
                conversation={c}
                current={c.id === openId}
                onOpen={() => onOpen(c.id)}
                onRename={(title) => onRename(c.id, title)}
                onExport={() => onExport(c.id)}
                onDelete={() => onDelete(c.id)}
              />
            ))}
          </ul>
        )}
        {conversations.length > 0 && (
          <div className="mt-auto border-t border-zinc-200 p-3 text-sm dark:border-zinc-800">
            {confirmClear ? (
              <div className="flex flex-wrap items-center gap-2">
                <span>Delete all {conversations.length} conversations?</span>
                <Button
                  variant="smallDanger"
                  data-testid="confirm-clear-history"
                  onClick={() => {
                    setConfirmClear(false);
                    onClearAll();
                  }}
                >
                  Delete all
                </Button>
                <Button variant="small" onClick={() => setConfirmClear(false)}>
                  Cancel
                </Button>
              </div>
            ) : (
              <Button variant="small" data-testid="clear-history" onClick={() => setConfirmClear(true)}>
                Clear all
              </Button>
            )}
          </div>
        )}
      </nav>
    </>
  );
}
