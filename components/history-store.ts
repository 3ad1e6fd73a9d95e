/**
 * The browser's record of conversations, in IndexedDB (through idb): each conversation with its messages,
 * and so its answers, citations and verdicts, newest first, at most MAX_CONVERSATIONS. When IndexedDB is
 * missing or fails (a private window, a full quota), the history is kept in memory for this tab instead
 * and the page says so: nothing the user did is lost while the tab is open.
 */
import { openDB } from 'idb';
import type { AnswerUIMessage } from '@/lib/answer/ui-stream';

/** The oldest conversations beyond this many are dropped: enough for months of use, small next to any quota. */
export const MAX_CONVERSATIONS = 200;
const TITLE_CHARS = 80;

export type Verdict = 'up' | 'down';

export interface Conversation {
  readonly id: string;
  readonly title: string;
  /** The user named it: a later question does not retitle it. */
  readonly renamed?: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly messages: AnswerUIMessage[];
  /** The verdict given on each answer (by message id), and the feedback id it was sent with. */
  readonly verdicts?: Readonly<Record<string, { readonly verdict: Verdict; readonly id: string; readonly comment?: string }>>;
}

export interface HistoryStore {
  /** Newest (last changed) first. */
  list(): Promise<Conversation[]>;
  /** Adds or replaces one, then drops the oldest beyond MAX_CONVERSATIONS. */
  put(conversation: Conversation): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
}

/** A conversation's title: its first question, on one line, cut at a word. */
export function titleOf(messages: readonly AnswerUIMessage[]): string {
  const first = messages.find((m) => m.role === 'user');
  const text = (first?.parts ?? [])
    .map((p) => (p.type === 'text' ? p.text : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= TITLE_CHARS) return text || 'New chat';
  const cut = text.slice(0, TITLE_CHARS - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

const newestFirst = (a: Conversation, b: Conversation) => b.updatedAt - a.updatedAt;

export function memoryStore(seed: readonly Conversation[] = []): HistoryStore {
  const all = new Map(seed.map((c) => [c.id, c]));
  return {
    list: async () => [...all.values()].sort(newestFirst),
    async put(conversation) {
      all.set(conversation.id, conversation);
      const extra = [...all.values()].sort(newestFirst).slice(MAX_CONVERSATIONS);
      for (const old of extra) all.delete(old.id);
    },
    remove: async (id) => {
      all.delete(id);
    },
    clear: async () => all.clear(),
  };
}

const DB = 'corpus-chat';
const STORE = 'conversations';

export async function indexedDbStore(): Promise<HistoryStore> {
  const db = await openDB(DB, 1, {
    upgrade(database) {
      database.createObjectStore(STORE, { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
    },
  });
  return {
    list: async () => ((await db.getAllFromIndex(STORE, 'updatedAt')) as Conversation[]).reverse(),
    async put(conversation) {
      const tx = db.transaction(STORE, 'readwrite');
      await tx.store.put(conversation);
      let extra = (await tx.store.count()) - MAX_CONVERSATIONS;
      // Oldest first along the index: delete until the bound holds.
      let cursor = extra > 0 ? await tx.store.index('updatedAt').openCursor() : null;
      while (cursor && extra > 0) {
        await cursor.delete();
        extra--;
        cursor = await cursor.continue();
      }
      await tx.done;
    },
    remove: (id) => db.delete(STORE, id),
    clear: () => db.clear(STORE),
  };
}

/**
 * `primary`, mirrored in memory: the first failure of `primary` switches every later call to the mirror,
 * which holds everything the page has seen, and `onFallback` tells the page once.
 */
export function withFallback(primary: HistoryStore, onFallback: (error: unknown) => void): HistoryStore {
  const mirror = memoryStore();
  let failed = false;
  const attempt = async <T>(use: (store: HistoryStore) => Promise<T>): Promise<T> => {
    if (!failed) {
      try {
        return await use(primary);
      } catch (error) {
        failed = true;
        onFallback(error);
      }
    }
    return use(mirror);
  };
  return {
    async list() {
      const listed = await attempt((s) => s.list());
      if (!failed) for (const c of listed) await mirror.put(c);
      return listed;
    },
    async put(conversation) {
      await mirror.put(conversation);
      if (!failed) await attempt((s) => s.put(conversation));
    },
    async remove(id) {
      await mirror.remove(id);
      if (!failed) await attempt((s) => s.remove(id));
    },
    async clear() {
      await mirror.clear();
      if (!failed) await attempt((s) => s.clear());
    },
  };
}

/** The history for this page: IndexedDB when the browser gives it, else memory, with the reason. */
export async function openHistory(onFallback: (reason: string) => void): Promise<HistoryStore> {
  const say = (error: unknown) =>
    onFallback(
      `This browser is not keeping the history (${error instanceof Error ? error.message || error.name : String(error)}): conversations last until this tab closes.`,
    );
  try {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
    return withFallback(await indexedDbStore(), say);
  } catch (error) {
    say(error);
    return memoryStore();
  }
}

/** A conversation as Markdown: each question and answer, and each answer's numbered sources. */
export function conversationMarkdown(conversation: Conversation, removed: (doc: string) => boolean = () => false): string {
  const lines = [`# ${conversation.title}`, '', `Exported from corpus-chat on ${new Date().toISOString().slice(0, 10)}.`, ''];
  for (const message of conversation.messages) {
    const text = message.parts
      .map((p) => (p.type === 'text' ? p.text : ''))
      .join('')
      .trim();
    if (message.role === 'user') {
      lines.push(`**You:** ${text}`, '');
      continue;
    }
    const data = message.parts.find((p) => p.type === 'data-answer')?.data;
    lines.push(`**Answer:** ${data?.refused ? '(not covered by the documents) ' : ''}${text}`, '');
    const citations = data?.citations ?? [];
    if (citations.length > 0) {
      lines.push('Sources:', '');
      for (const c of citations)
        lines.push(
          `${c.id}. ${c.title}: ${c.doc}, characters ${c.start}–${c.end}${removed(c.doc) ? ' (removed since)' : ''}  `,
          `   > ${c.text.replace(/\s+/g, ' ')}`,
        );
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
