/**
 * Combines the dense and lexical rankings. RRF uses ranks only, so it needs no
 * score calibration; weighted fusion mixes min-max-normalised scores.
 */
import type { Scored } from '../store';

export interface FusionOptions {
  readonly method: 'rrf' | 'weighted';
  readonly rrfK: number;
  readonly denseWeight: number;
}

export function reciprocalRankFusion(lists: readonly (readonly Scored[])[], k: number): Scored[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    for (const [rank, item] of list.entries()) scores.set(item.index, (scores.get(item.index) ?? 0) + 1 / (k + rank + 1));
  }
  return sortScores(scores);
}

function normalized(list: readonly Scored[]): Map<number, number> {
  if (list.length === 0) return new Map();
  const max = Math.max(...list.map((s) => s.score));
  const min = Math.min(...list.map((s) => s.score));
  const span = max - min;
  return new Map(list.map((s) => [s.index, span > 0 ? (s.score - min) / span : 1]));
}

export function weightedFusion(dense: readonly Scored[], lexical: readonly Scored[], denseWeight: number): Scored[] {
  const d = normalized(dense);
  const l = normalized(lexical);
  const scores = new Map<number, number>();
  for (const index of new Set([...d.keys(), ...l.keys()])) {
    scores.set(index, denseWeight * (d.get(index) ?? 0) + (1 - denseWeight) * (l.get(index) ?? 0));
  }
  return sortScores(scores);
}

export function fuse(dense: readonly Scored[], lexical: readonly Scored[], options: FusionOptions): Scored[] {
  return options.method === 'rrf'
    ? reciprocalRankFusion([dense, lexical], options.rrfK)
    : weightedFusion(dense, lexical, options.denseWeight);
}

function sortScores(scores: Map<number, number>): Scored[] {
  return [...scores].map(([index, score]) => ({ index, score })).sort((a, b) => b.score - a.score || a.index - b.index);
}
