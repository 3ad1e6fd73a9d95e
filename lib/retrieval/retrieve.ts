/**
 * Hybrid retrieval: the query is embedded with the index's own embedder and
 * searched in HNSW, tokenised and searched with BM25; the two rankings are
 * fused and overlapping passages merged.
 */
import type { Config } from '../config';
import type { Embedder } from '../embeddings';
import { AppError, INDEX_HINT } from '../errors';
import type { Store, Scored } from '../store';
import { tokenize } from '../text/tokenize';
import { fuse } from './fusion';
import { mergeOverlapping } from './merge';
import type { RetrievedPassage, RetrieveOptions } from './types';

export type RetrievalSettings = Config['retrieval'] & { readonly efSearch: number };

export interface Retriever {
  readonly index: Store;
  readonly embedder: Embedder;
  embedQuery(query: string): Promise<Float32Array>;
  retrieve(query: string, options?: RetrieveOptions): Promise<RetrievedPassage[]>;
}

export function createRetriever(index: Store, embedder: Embedder, settings: RetrievalSettings): Retriever {
  if (embedder.id !== index.manifest.embedder.id || embedder.dimensions !== index.manifest.embedder.dimensions) {
    throw new AppError(
      'index_corrupt',
      `The index was built with ${index.manifest.embedder.id} but the query embedder is ${embedder.id}.`,
      { hint: INDEX_HINT.rebuild },
    );
  }
  const textOf = (docId: string) => index.document(docId)?.text ?? '';
  const embedQuery = async (query: string): Promise<Float32Array> => {
    const [vector] = await embedder.embed([query]);
    if (!vector) throw new Error('the embedder returned no vector');
    return vector;
  };

  return {
    index,
    embedder,
    embedQuery,
    async retrieve(query, options = {}) {
      const k = options.k ?? settings.k;
      const mode = options.mode ?? 'hybrid';
      const candidates = Math.max(settings.candidates, k * 2);
      // Both searches go out together: with a database store each is a round trip.
      const none: Promise<Scored[]> = Promise.resolve([]);
      const [dense, lexical] = await Promise.all([
        mode === 'lexical'
          ? none
          : (options.vector ? Promise.resolve(options.vector) : embedQuery(query)).then((v) =>
              index.searchDense(v, candidates, { efSearch: settings.efSearch }),
            ),
        mode === 'dense' ? none : index.searchLexical(tokenize(query), candidates),
      ]);

      const ranking =
        mode === 'dense'
          ? dense
          : mode === 'lexical'
            ? lexical
            : fuse(dense, lexical, { method: settings.fusion, rrfK: settings.rrfK, denseWeight: settings.denseWeight });
      const denseScore = new Map(dense.map((s) => [s.index, s.score]));
      const lexicalScore = new Map(lexical.map((s) => [s.index, s.score]));
      const ranked: RetrievedPassage[] = ranking.flatMap(({ index: i, score }) => {
        const p = index.passages[i];
        if (!p) return [];
        return [
          {
            id: p.id,
            docId: p.docId,
            title: p.title,
            text: p.text,
            start: p.start,
            end: p.end,
            score,
            dense: denseScore.get(i),
            lexical: lexicalScore.get(i),
          },
        ];
      });
      return mergeOverlapping(ranked, textOf, k);
    },
  };
}
