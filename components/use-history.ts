'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { type Conversation, type HistoryStore, openHistory } from './history-store';

/** The conversations of this browser, loaded once after the page hydrates, and the ways to change them. */
export function useHistory() {
  const store = useRef<HistoryStore | undefined>(undefined);
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [notice, setNotice] = useState<string>();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void openHistory(setNotice)
      .then(async (opened) => {
        const listed = await opened.list();
        if (cancelled) return;
        store.current = opened;
        setConversations(listed);
      })
      .finally(() => !cancelled && setReady(true));
    return () => {
      cancelled = true;
    };
  }, []);
  // Each change is written, then the list is read back: the store's bound and order are the truth.
  const change = useCallback(async (write: (s: HistoryStore) => Promise<void>) => {
    const s = store.current;
    if (!s) return;
    await write(s);
    setConversations(await s.list());
  }, []);
  const save = useCallback((conversation: Conversation) => change((s) => s.put(conversation)), [change]);
  const remove = useCallback((id: string) => change((s) => s.remove(id)), [change]);
  const clear = useCallback(() => change((s) => s.clear()), [change]);
  return { ready, conversations, notice, save, remove, clear };
}
