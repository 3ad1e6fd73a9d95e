/**
 * Query-path costs on a built index: each stage of retrieval timed on its
 * own over 1,000 queries, and HNSW recall@10 against exact cosine search for
 * a range of efSearch values.
 */
import type { Config } from '@/lib/config';
import type { Embedder } from '@/lib/embeddings';
import type { Store } from '@/lib/store';
import { createRetriever, fuse } from '@/lib/retrieval';
import { tokenize } from '@/lib/text/tokenize';
import { percentiles, type Percentiles } from './stats';

export interface QueryResult {
  readonly queries: number;
  readonly passages: number;
  readonly stages: Record<'embed' | 'hnsw' | 'bm25' | 'fusion' | 'retrieve', Percentiles>;
  /** retrieve p95 / (embed p95 + hnsw p95) */
  readonly overhead: number;
}

export interface RecallPoint {
  readonly efSearch: number;
  readonly recallAt10: number;
  readonly p50: number;
  readonly p95: number;
}

/** Evaluation questions, then sentences of the corpus cut to question length, to `count` queries. */
export function benchQueries(index: Store, questions: readonly string[], count: number): string[] {
  const out = [...questions].slice(0, count);
  const usable = index.sentences.map((s) => s.text.split(/\s+/).slice(0, 12).join(' ')).filter((words) => words.split(' ').length >= 4);
  // Spread the picks over the whole corpus rather than taking its first documents.
  const step = Math.max(1, Math.floor(usable.length / Math.max(1, count - out.length)));
  for (let i = 0; out.length < count && i < usable.length; i += step) out.push(usable[i] as string);
  return out;
}

async function time<T>(samples: number[], fn: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const out = await fn();
  samples.push(performance.now() - started);
  return out;
}

export async function benchQuery(
  index: Store,
  embedder: Embedder,
  config: Config,
  queries: readonly string[],
): Promise<{ result: QueryResult; vectors: Float32Array[] }> {
  const settings = { ...config.retrieval, efSearch: config.hnsw.efSearch };
  const retriever = createRetriever(index, embedder, settings);
  const samples = { embed: [] as number[], hnsw: [] as number[], bm25: [] as number[], fusion: [] as number[], retrieve: [] as number[] };
  const vectors: Float32Array[] = [];
  const n = Math.max(settings.candidates, settings.k * 2);
  await retriever.retrieve(queries[0] ?? 'warm up'); // first call pays for JIT
  for (const query of queries) {
    let started = performance.now();
    const [vector] = await embedder.embed([query]);
    samples.embed.push(performance.now() - started);
    if (!vector) continue;
    vectors.push(vector);
    const dense = await time(samples.hnsw, () => index.searchDense(vector, n, { efSearch: settings.efSearch }));
    const lexical = await time(samples.bm25, () => index.searchLexical(tokenize(query), n));
    await time(samples.fusion, () =>
      fuse(dense, lexical, { method: settings.fusion, rrfK: settings.rrfK, denseWeight: settings.denseWeight }),
    );
    started = performance.now();
    await retriever.retrieve(query);
    samples.retrieve.push(performance.now() - started);
  }
  const stages = {
    embed: percentiles(samples.embed),
    hnsw: percentiles(samples.hnsw),
    bm25: percentiles(samples.bm25),
    fusion: percentiles(samples.fusion),
    retrieve: percentiles(samples.retrieve),
  };
  return {
    result: {
      queries: queries.length,
      passages: index.passages.length,
      stages,
      overhead: stages.retrieve.p95 / (stages.embed.p95 + stages.hnsw.p95),
    },
    vectors,
  };
}

/** Exact top-10 by brute-force cosine over the stored (unit) passage vectors. */
async function exactTop10(index: Store, query: Float32Array): Promise<Set<number>> {
  return new Set((await index.searchDense(query, 10, { efSearch: 0, exact: true })).map((s) => s.index));
}

export async function benchRecall(index: Store, vectors: readonly Float32Array[], efValues: readonly number[]): Promise<RecallPoint[]> {
  const truth: Set<number>[] = [];
  for (const v of vectors) truth.push(await exactTop10(index, v));
  const points: RecallPoint[] = [];
  for (const efSearch of efValues) {
    let found = 0;
    let total = 0;
    const latencies: number[] = [];
    for (const [q, v] of vectors.entries()) {
      const expected = truth[q] as Set<number>;
      const got = await time(latencies, () => index.searchDense(v, 10, { efSearch }));
      total += expected.size;
      found += got.filter((g) => expected.has(g.index)).length;
    }
    const p = percentiles(latencies);
    points.push({ efSearch, recallAt10: total ? found / total : 1, p50: p.p50, p95: p.p95 });
  }
  return points;
}
