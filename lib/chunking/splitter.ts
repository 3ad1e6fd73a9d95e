/**
 * Packs consecutive sentences into passages of at most `maxWords` words; a
 * sentence longer than that becomes a passage of its own rather than being cut.
 * The next passage restarts with the trailing sentences of the previous one that
 * fit in `overlapWords`, so a fact spanning a boundary is whole in one of them.
 */
import { countWords, splitSentences } from '../text/sentences';
import type { ChunkedDocument, ChunkingOptions, Passage, Sentence } from './types';

export interface ChunkableDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export function chunkDocument(doc: ChunkableDocument, options: ChunkingOptions): ChunkedDocument {
  const sentences: Sentence[] = splitSentences(doc.text).map(({ start, end }) => ({
    docId: doc.id,
    start,
    end,
    text: doc.text.slice(start, end),
  }));
  const wordCounts = sentences.map((s) => countWords(s.text));
  const passages: Passage[] = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first;
    let words = wordCounts[first] ?? 0;
    while (last + 1 < sentences.length && words + (wordCounts[last + 1] ?? 0) <= options.maxWords) {
      last++;
      words += wordCounts[last] ?? 0;
    }
    const start = sentences[first]?.start ?? 0;
    const end = sentences[last]?.end ?? start;
    const ordinal = passages.length;
    passages.push({ id: `${doc.id}#${ordinal}`, docId: doc.id, title: doc.title, ordinal, start, end, text: doc.text.slice(start, end) });
    if (last + 1 >= sentences.length) break;
    first = nextStart(wordCounts, first, last, options.overlapWords);
  }
  return { passages, sentences };
}

/** The earliest sentence after `first` whose tail up to `last` fits in the overlap budget. */
function nextStart(wordCounts: number[], first: number, last: number, overlapWords: number): number {
  let next = last + 1;
  let overlap = 0;
  while (next - 1 > first && overlap + (wordCounts[next - 1] ?? 0) <= overlapWords) {
    next--;
    overlap += wordCounts[next] ?? 0;
  }
  return next;
}
