/**
 * The rows of one index version as every store keeps them in memory: the
 * documents with their text, and each passage and sentence as offsets into it.
 * Where a sentence lies and what its terms are is answered here, the same way
 * whichever store holds the vectors and the search indexes.
 */
import type { Passage, Sentence } from '../chunking';
import type { CorpusDocument } from '../corpus';
import { recentlyUsed } from '../memo';
import type { Located } from '../span';
import { tokenize } from '../text/tokenize';
import type { Range, Store } from './types';

/** Sentences whose index terms stay tokenised. */
const SENTENCE_TERMS_KEPT = 4096;

export type RowQueries = Pick<
  Store,
  'documents' | 'passages' | 'sentences' | 'document' | 'passagesOf' | 'sentencesOf' | 'sentencesIn' | 'sentenceAt' | 'sentenceTerms'
>;

/** Rows must come document by document, in text order: each document then owns one contiguous range of each. */
export function rowQueries(documents: readonly CorpusDocument[], passages: readonly Passage[], sentences: readonly Sentence[]): RowQueries {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const passageRanges = rangesByDocument(passages);
  const sentenceRanges = rangesByDocument(sentences);
  const none: Range = { from: 0, to: 0 };
  const sentencesOf = (docId: string): Range => sentenceRanges.get(docId) ?? none;
  return {
    documents,
    passages,
    sentences,
    document: (id) => byId.get(id),
    passagesOf: (docId) => passageRanges.get(docId) ?? none,
    sentencesOf,
    sentencesIn: (span: Located) => {
      const { from, to } = sentencesOf(span.docId);
      const out: number[] = [];
      for (let i = from; i < to; i++) {
        const s = sentences[i];
        if (s && s.start >= span.start && s.end <= span.end) out.push(i);
      }
      return out;
    },
    sentenceAt: (docId, at) => {
      const { from, to } = sentencesOf(docId);
      for (let i = from; i < to; i++) {
        const s = sentences[i];
        if (s && s.start <= at && at < s.end) return i;
      }
      return undefined;
    },
    // Kept for the sentences used most: answers score the same sentences again and again, and tokenising
    // them per request was most of an answer's garbage; kept for all, they grew with the index.
    sentenceTerms: recentlyUsed(SENTENCE_TERMS_KEPT, (i: number): ReadonlySet<string> => new Set(tokenize(sentences[i]?.text ?? ''))),
  };
}

function rangesByDocument(rows: readonly { docId: string }[]): Map<string, Range> {
  const out = new Map<string, { from: number; to: number }>();
  rows.forEach((r, i) => {
    const range = out.get(r.docId);
    if (range) range.to = i + 1;
    else out.set(r.docId, { from: i, to: i + 1 });
  });
  return out;
}
