'use client';

import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useCorpusWording } from './corpus-wording';

/** Enter sends, Shift+Enter starts a new line; Stop replaces Send while an answer streams. */
export function ChatInput({ busy, onSend, onStop }: { busy: boolean; onSend: (text: string) => void; onStop: () => void }) {
  const [value, setValue] = useState('');
  const corpus = useCorpusWording();
  const empty = value.trim() === '';
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (empty || busy) return;
    onSend(value.trim());
    setValue('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };
  return (
    <form
      onSubmit={submit}
      className="flex items-end gap-2 rounded-2xl border border-zinc-300 bg-white p-2 focus-within:border-sky-600 dark:border-zinc-700 dark:bg-zinc-900"
    >
      <label htmlFor="question" className="sr-only">
        Ask a question about the {corpus.name}
      </label>
      <textarea
        id="question"
        data-testid="chat-input"
        rows={2}
        value={value}
        maxLength={2000}
        placeholder={`Ask a question about the ${corpus.name}…`}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
        className="max-h-40 min-h-[2.5rem] flex-1 resize-none bg-transparent px-2 py-1 outline-none placeholder:text-zinc-500 dark:placeholder:text-zinc-400"
      />
      {busy ? (
        <button
          type="button"
          data-testid="stop"
          onClick={onStop}
          className="rounded-xl bg-zinc-800 px-4 py-2 text-sm font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:bg-zinc-200 dark:text-zinc-900"
        >
          Stop
        </button>
      ) : (
        <button
          type="submit"
          data-testid="send"
          disabled={empty}
          className="rounded-xl bg-sky-700 px-4 py-2 text-sm font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-600 dark:disabled:bg-zinc-700 dark:disabled:text-zinc-300"
        >
          Send
        </button>
      )}
    </form>
  );
}
