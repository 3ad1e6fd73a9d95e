/**
 * A tiny in-memory store for the answer-core tests: a few documents written in
 * the test, one passage each, sentences split as the pipeline splits them, and
 * sentence vectors the test states (so "these two say the same" is a fact of
 * the test, not of a model). No files, no embedder, no search.
 */
import type { Passage, Sentence } from '@/lib/chunking';
import type { CorpusDocument } from '@/lib/corpus';
import type { RetrievedPassage } from '@/lib/retrieval';
import type { Manifest, Store } from '@/lib/store';
import { rowQueries } from '@/lib/store/rows';
import { sentenceVectors } from '@/lib/store/vectors';
import { splitSentences } from '@/lib/text/sentences';
import { tokenize } from '@/lib/text/tokenize';

/** A 2-d unit vector at `degrees`: sentences at the same angle say the same thing. */
export const at = (degrees: number): Float32Array => {
  const r = (degrees * Math.PI) / 180;
  return Float32Array.of(Math.cos(r), Math.sin(r));
};

/** A store over `docs` (id → text); `vectors` gives some sentences (by text) a direction, the rest point at 90°. */
export function tinyStore(docs: Readonly<Record<string, string>>, vectors: Readonly<Record<string, Float32Array>> = {}): Store {
  const documents: CorpusDocument[] = Object.entries(docs).map(([id, text]) => ({
    id,
    title: id.replace(/\.\w+$/, ''),
    text,
    format: 'txt',
    hash: id,
    bytes: text.length,
  }));
  const passages: Passage[] = documents.map((d) => ({
    id: `${d.id}#0`,
    ordinal: 0,
    docId: d.id,
    start: 0,
    end: d.text.length,
    title: d.title,
    text: d.text,
  }));
  const sentences: Sentence[] = documents.flatMap((d) =>
    splitSentences(d.text).map((s) => ({ docId: d.id, start: s.start, end: s.end, text: d.text.slice(s.start, s.end) })),
  );
  const rows = rowQueries(documents, passages, sentences);
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of new Set(tokenize(s.text))) df.set(t, (df.get(t) ?? 0) + 1);
  const vectorOf = (i: number) => vectors[sentences[i]?.text ?? ''] ?? at(90);
  return {
    ...rows,
    version: 'tiny',
    manifest: { counts: { documents: documents.length, passages: passages.length, sentences: sentences.length } } as unknown as Manifest,
    suggestions: [],
    term: (t) => ({ idf: Math.log(1 + sentences.length / ((df.get(t) ?? 0) + 0.5)), present: df.has(t) }),
    vocabulary: () => df.keys(),
    searchDense: async () => [],
    searchLexical: async () => [],
    sentenceVectors: async (indices) => sentenceVectors(new Map([...indices].map((i) => [i, vectorOf(i)])), 2),
    storedDocument: async () => undefined,
  };
}

/** Every document of the store retrieved whole, in the order given, the first scoring 1 and each next one less. */
export function retrievedAll(store: Store): RetrievedPassage[] {
  return store.passages.map((p, rank) => ({ ...p, score: 1 - rank * 0.1 }));
}
