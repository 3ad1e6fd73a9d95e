/**
 * Fitting the answer model (lib/answer/model.ts) without fitting the
 * documents: a weighted logistic regression fitted by Newton's method (exact
 * and deterministic, so `npm run train` writes the same file every time),
 * folds dealt by document so no document is both fitted on and scored in one
 * fold, and a refusal threshold picked on the fitted folds alone.
 */

export interface LogisticFit {
  readonly mean: number[];
  readonly scale: number[];
  readonly weights: number[];
  readonly bias: number;
}

/** Solves a·x = b by Gaussian elimination with partial pivoting (a is small: one row per feature). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = m[col] as number[];
    const d = p[col] ?? 0;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as number[];
      const factor = (row[col] ?? 0) / d;
      if (factor !== 0) for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - factor * (p[c] ?? 0);
    }
  }
  return m.map((row, i) => {
    const d = row[i] ?? 0;
    return Math.abs(d) < 1e-12 ? 0 : (row[n] ?? 0) / d;
  });
}

/**
 * L2-regularised logistic regression on standardised features. `weights` say how much each row counts (the
 * intercept is not penalised). Newton's method converges in a few steps on a problem this small.
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  weights: readonly number[],
  options: { readonly l2: number; readonly iterations?: number } = { l2: 1 },
): LogisticFit {
  const d = rows[0]?.length ?? 0;
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r, i) => s + (weights[i] ?? 0) * (r[j] ?? 0), 0) / total);
  const scale = Array.from({ length: d }, (_, j) => {
    const v = rows.reduce((s, r, i) => s + (weights[i] ?? 0) * ((r[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / total;
    // A constant feature keeps scale 1: it then adds nothing, instead of dividing by zero.
    return v > 1e-12 ? Math.sqrt(v) : 1;
  });
  const x = rows.map((r) => [1, ...r.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1))]);
  let beta = new Array<number>(d + 1).fill(0);
  for (let step = 0; step < (options.iterations ?? 25); step++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    x.forEach((xi, i) => {
      const z = xi.reduce((s, v, j) => s + v * (beta[j] ?? 0), 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = weights[i] ?? 0;
      const residual = w * ((labels[i] ? 1 : 0) - p);
      const curvature = w * p * (1 - p);
      for (let j = 0; j <= d; j++) {
        gradient[j] = (gradient[j] ?? 0) + residual * (xi[j] ?? 0);
        const row = hessian[j] as number[];
        for (let k = 0; k <= d; k++) row[k] = (row[k] ?? 0) + curvature * (xi[j] ?? 0) * (xi[k] ?? 0);
      }
    });
    for (let j = 1; j <= d; j++) {
      gradient[j] = (gradient[j] ?? 0) - options.l2 * (beta[j] ?? 0);
      const row = hessian[j] as number[];
      row[j] = (row[j] ?? 0) + options.l2;
    }
    const delta = solve(hessian, gradient);
    beta = beta.map((b, j) => b + (delta[j] ?? 0));
    if (Math.max(...delta.map(Math.abs)) < 1e-9) break;
  }
  return { mean, scale, weights: beta.slice(1), bias: beta[0] ?? 0 };
}

/** The fitted model's probabilities for rows. */
export function predict(fit: LogisticFit, rows: readonly (readonly number[])[]): number[] {
  return rows.map((r) => {
    const z = r.reduce((s, v, j) => s + (fit.weights[j] ?? 0) * ((v - (fit.mean[j] ?? 0)) / (fit.scale[j] ?? 1)), fit.bias);
    return 1 / (1 + Math.exp(-z));
  });
}

/**
 * The lowest threshold at which at most `maxShare` of the answerable questions' probabilities reach it (so are
 * refused); 1 when even the highest may not be refused. `alreadyRefused` answerable questions count against the share.
 */
export function thresholdFor(answerable: readonly number[], maxShare: number, alreadyRefused = 0): number {
  const n = answerable.length + alreadyRefused;
  const allowed = Math.floor(maxShare * n) - alreadyRefused;
  if (allowed < 0 || answerable.length === 0) return 1;
  const sorted = [...answerable].sort((a, b) => b - a);
  if (allowed >= sorted.length) return 0;
  // Just above the first answerable question that must stay answered.
  const keep = sorted[allowed] ?? 1;
  return Math.min(1, keep + 1e-9);
}

/**
 * Folds by document: each distinct group (a document, or a question that names none) goes whole into one fold,
 * dealt round-robin in sorted order so the folds are the same on every run.
 */
export function foldsByGroup(groups: readonly string[], k: number): number[] {
  const order = [...new Set(groups)].sort();
  const foldOf = new Map(order.map((g, i) => [g, i % k]));
  return groups.map((g) => foldOf.get(g) ?? 0);
}
