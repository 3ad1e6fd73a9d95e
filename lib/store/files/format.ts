/**
 * On-disk layout of an index. `INDEX_DIR/CURRENT` names the live version
 * folder; each version folder is complete before CURRENT points at it, so a
 * reader never sees a half-written index.
 */
import { CLEANING_PROFILES } from '../../config';
import { DOCUMENT_FORMATS } from '../../corpus/formats';
import { z } from 'zod';

export const FORMAT_VERSION = 2;
export const CURRENT_FILE = 'CURRENT';

export const FILES = {
  manifest: 'manifest.json',
  store: 'store.json',
  passageVectors: 'passage-vectors.f32',
  sentenceVectors: 'sentence-vectors.f32',
  hnsw: 'hnsw.bin',
  bm25: 'bm25.json',
  /** Optional: written when the build chose suggested questions. */
  suggestions: 'suggestions.json',
} as const;

export const suggestionsSchema = z.array(z.string().min(1).max(300)).max(20);

const fileInfo = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  version: z.string().regex(/^[A-Za-z0-9-]+$/),
  createdAt: z.string(),
  buildMs: z.number().nonnegative(),
  embedder: z.object({ id: z.string().min(1), dimensions: z.number().int().positive(), reason: z.string() }),
  chunking: z.object({
    maxWords: z.number().int().positive(),
    overlapWords: z.number().int().nonnegative(),
    pipeline: z.number().int().positive(),
    // How text was cleaned (CLEANING); indexes written before it was a setting were cleaned as `web` is now.
    cleaning: z.enum(CLEANING_PROFILES).default('web'),
  }),
  hnsw: z.object({ m: z.number().int().positive(), efConstruction: z.number().int().positive() }),
  counts: z.object({
    documents: z.number().int().nonnegative(),
    passages: z.number().int().nonnegative(),
    sentences: z.number().int().nonnegative(),
  }),
  documents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      hash: z.string(),
      passages: z.number().int().nonnegative(),
      // Since the documents panel; an index written before has neither, and stays readable.
      bytes: z.number().int().nonnegative().optional(),
      indexedAt: z.string().optional(),
    }),
  ),
  skipped: z.array(z.object({ id: z.string(), reason: z.string(), problem: z.enum(['wrong-type', 'no-text', 'too-costly']) })),
  files: z.record(z.string(), fileInfo),
});

export type Manifest = z.infer<typeof manifestSchema>;

export const storeSchema = z.object({
  documents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      text: z.string(),
      format: z.enum(DOCUMENT_FORMATS),
      hash: z.string(),
      bytes: z.number().int().nonnegative(),
    }),
  ),
  /** [documentIndex, ordinal, start, end] per passage. */
  passages: z.array(z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()])),
  /** [documentIndex, start, end] per sentence. */
  sentences: z.array(z.tuple([z.number().int(), z.number().int(), z.number().int()])),
});

export type StoreFile = z.infer<typeof storeSchema>;
