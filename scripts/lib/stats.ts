/** Percentiles for benchmark samples. */
export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** Build progress for long benchmark runs: each phase's end, and otherwise a line every `everyMs`. */
export function sparseProgress(log: (line: string) => void, everyMs: number) {
  let last = 0;
  return ({ phase, done, total }: { phase: string; done: number; total: number }): void => {
    if (done === total || Date.now() - last > everyMs) {
      last = Date.now();
      log(`  ${phase} ${done}/${total}`);
    }
  };
}
