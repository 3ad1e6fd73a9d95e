/** Index contents with made-up vectors: the stores must work without any embedder. */
import { createHash } from 'node:crypto';
import type { Passage, Sentence } from '@/lib/chunking';
import { chunkDocument } from '@/lib/chunking';
import type { CorpusDocument } from '@/lib/corpus';
import { normalize } from '@/lib/embeddings';
import type { IndexContents, Store, StoredDocument } from '@/lib/store';

export const DIMS = 8;

export const TEXTS = [
  'Germany refused to deliver weapons. It sent a field hospital instead.',
  'Sweden deploys troops on Gotland. Tensions rose in the Baltic.',
];

/** Deterministic pseudo-vectors. */
export function fakeVector(seed: number): Float32Array {
  return normalize(Float32Array.from({ length: DIMS }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233)));
}

export interface Written {
  readonly contents: IndexContents;
  /** Every row in order with its vector, as a store should give them back. */
  readonly passages: readonly Passage[];
  readonly sentences: readonly Sentence[];
  readonly passageVectors: readonly Float32Array[];
  readonly sentenceVectors: readonly Float32Array[];
}

/**
 * A version of `texts` (doc0.txt, doc1.txt, …) with every document embedded now, or, with `previous`,
 * only those not in `keep`; `seed` varies the vectors.
 */
export function contents(texts: readonly string[], options: { previous?: Store; keep?: readonly string[]; seed?: number } = {}): Written {
  const seed = options.seed ?? 0;
  const documents: CorpusDocument[] = texts.map((text, i) => ({
    id: `doc${i}.txt`,
    title: `Doc ${i}`,
    text,
    format: 'txt',
    hash: createHash('sha256').update(text).digest('hex'),
    bytes: text.length,
  }));
  const chunked = documents.map((d) => chunkDocument(d, { maxWords: 8, overlapWords: 0 }));
  const passages = chunked.flatMap((c) => c.passages);
  const sentences = chunked.flatMap((c) => c.sentences);
  const passageVectors = passages.map((_, i) => fakeVector(seed + i));
  const sentenceVectors = sentences.map((_, i) => fakeVector(seed + 100 + i));
  const keep = new Set(options.keep ?? []);
  const fresh = new Map<string, StoredDocument>();
  for (const doc of documents) {
    if (keep.has(doc.id)) continue;
    fresh.set(doc.id, {
      passages: passages.flatMap((p, i) => (p.docId === doc.id ? [[p, passageVectors[i] as Float32Array] as const] : [])),
      sentences: sentences.flatMap((s, i) => (s.docId === doc.id ? [[s, sentenceVectors[i] as Float32Array] as const] : [])),
    });
  }
  return {
    contents: {
      documents,
      indexedAt: new Map([['doc0.txt', '2026-01-02T03:04:05.000Z']]),
      skipped: [{ id: 'bad.txt', reason: 'empty file', problem: 'no-text' }],
      fresh,
      ...(options.previous ? { previous: options.previous } : {}),
      embedder: { id: 'fake', dimensions: DIMS, reason: 'test' },
      chunking: { maxWords: 8, overlapWords: 0, pipeline: 1, cleaning: 'auto' },
      hnsw: { m: 8, efConstruction: 50 },
      startedAt: Date.now(),
    },
    passages,
    sentences,
    passageVectors,
    sentenceVectors,
  };
}
