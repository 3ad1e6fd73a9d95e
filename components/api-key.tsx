'use client';

import { useState, type FormEvent } from 'react';
import { Button } from './button';

const STORAGE = 'corpus-chat-api-key';

/** The key this tab was given, kept for the session only (closing the tab forgets it). */
export function authHeaders(): Record<string, string> {
  if (typeof window === 'undefined') return {};
  const key = window.sessionStorage.getItem(STORAGE);
  return key ? { Authorization: `Bearer ${key}` } : {};
}

export function hasApiKey(): boolean {
  return typeof window !== 'undefined' && !!window.sessionStorage.getItem(STORAGE);
}

export function ApiKeyPrompt({ onSaved, rejected }: { onSaved: () => void; rejected: boolean }) {
  const [value, setValue] = useState('');
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    window.sessionStorage.setItem(STORAGE, value.trim());
    setValue('');
    onSaved();
  };
  return (
    <form
      data-testid="api-key-form"
      onSubmit={save}
      className="mx-auto flex w-full max-w-md flex-col gap-2 rounded-xl border border-zinc-300 p-4 dark:border-zinc-700"
    >
      <label htmlFor="api-key" className="text-sm font-semibold">
        This server needs an API key
      </label>
      {rejected && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          That key was not accepted.
        </p>
      )}
      <div className="flex gap-2">
        <input
          id="api-key"
          data-testid="api-key-input"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="flex-1 rounded-lg border border-zinc-300 bg-transparent px-3 py-1.5 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700"
        />
        <Button type="submit" variant="primary" data-testid="api-key-save">
          Save
        </Button>
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Kept in this tab only, until you close it.</p>
    </form>
  );
}
