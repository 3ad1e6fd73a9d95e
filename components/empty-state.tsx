'use client';

import { useCorpusWording } from './corpus-wording';
import { formatWhen } from './format';
import type { IndexInfo } from './types';
import { Button } from './button';

export function EmptyState({ info, suggestions, onAsk }: { info: IndexInfo; suggestions: readonly string[]; onAsk: (q: string) => void }) {
  const corpus = useCorpusWording();
  return (
    <div data-testid="empty-state" className="mx-auto flex max-w-xl flex-col gap-5 py-10 text-center">
      <h2 className="text-xl font-semibold">Ask the {corpus.name}</h2>
      {corpus.description && <p className="text-sm text-zinc-700 dark:text-zinc-300">{corpus.description}</p>}
      {info.ok ? (
        <p data-testid="index-info" className="text-sm text-zinc-600 dark:text-zinc-400">
          {info.documents} documents · {info.passages} passages · indexed {formatWhen(info.builtAt)} · embedder {info.embedder}
        </p>
      ) : (
        <p data-testid="index-info" role="alert" className="text-sm text-red-700 dark:text-red-400">
          {info.message}
        </p>
      )}
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Every answer quotes the {corpus.name} and cites them; click a number to read the source.
      </p>
      {suggestions.length > 0 && (
        <ul className="grid gap-2 sm:grid-cols-2">
          {suggestions.map((q) => (
            <li key={q}>
              <Button variant="card" data-testid="suggestion" onClick={() => onAsk(q)}>
                {q}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
