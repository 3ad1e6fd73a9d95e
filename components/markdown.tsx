'use client';

import { createContext, useContext, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import type { Citation } from '@/lib/answer/types';
import { CitationChip } from './citation';

const CITE = '#cite-';

interface CitationContext {
  readonly citations: readonly Citation[];
  readonly onOpen: (c: Citation) => void;
}

const Citations = createContext<CitationContext>({ citations: [], onOpen: () => undefined });

function Link({ href, children }: { href?: string; children?: ReactNode }) {
  const { citations, onOpen } = useContext(Citations);
  if (href?.startsWith(CITE)) {
    const n = Number(href.slice(CITE.length));
    return <CitationChip n={n} citation={citations.find((c) => c.id === n)} onOpen={onOpen} />;
  }
  return <span>{children}</span>;
}

// Defined once: a components map rebuilt per render would remount every chip and lose focus.
const COMPONENTS: Components = {
  a: Link,
  img: ({ alt }) => <span>{alt}</span>,
  p: ({ children }) => <p className="mb-2 last:mb-0">{children}</p>,
};

/**
 * Answer text as Markdown with `[n]` markers turned into citation chips. Raw
 * HTML is dropped (`skipHtml`), so nothing from documents or models reaches the
 * DOM as markup; links other than citations render as plain text.
 */
export function AnswerMarkdown({
  text,
  citations,
  onOpen,
}: {
  text: string;
  citations: readonly Citation[];
  onOpen: (c: Citation) => void;
}) {
  // Only the answerer's bare `[n]` markers become chips: a link already in the text (`[2](#cite-2)` copied from a
  // document or written by a model) is broken up first, and escaped brackets (`\[7\]`, from quoted documents) stay text.
  const withChips = text.replace(/\]\(/g, ']\\(').replace(/(?<!\\)\[(\d{1,3})\](?!\\?\()/g, (_, n: string) => `[${n}](${CITE}${n})`);
  return (
    <Citations.Provider value={{ citations, onOpen }}>
      <ReactMarkdown skipHtml components={COMPONENTS}>
        {withChips}
      </ReactMarkdown>
    </Citations.Provider>
  );
}
