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

/** The direction a feature may push the probability: up (+1), down (−1), or either (0). */
export type Sign = -1 | 0 | 1;

/**
 * L2-regularised logistic regression on standardised features. `weights` say how much each row counts (the
 * intercept is not penalised). Newton's method converges in a few steps on a problem this small. With `signs`,
 * a feature whose fitted weight points against its sign is held at 0 and the rest refitted, one at a time,
 * the worst first, until every weight agrees (an active-set fit): what is known of a feature's direction is
 * kept even where the training questions happen to say otherwise.
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  weights: readonly number[],
  options: { readonly l2: number; readonly iterations?: number; readonly signs?: readonly Sign[] } = { l2: 1 },
): LogisticFit {
  const held = new Set<number>();
  for (;;) {
    const fit = fitHolding(rows, labels, weights, options, held);
    let worst = -1;
    let worstBy = 0;
    fit.weights.forEach((w, j) => {
      const against = -(options.signs?.[j] ?? 0) * w;
      if (against > worstBy) {
        worst = j;
        worstBy = against;
      }
    });
    if (worst < 0) return fit;
    held.add(worst);
  }
}

function fitHolding(
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  weights: readonly number[],
  options: { readonly l2: number; readonly iterations?: number },
  held: ReadonlySet<number>,
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
      if (held.has(j - 1)) {
        // Held at 0: no step, and no coupling to the others.
        gradient[j] = 0;
        hessian.forEach((r, k) => {
          r[j] = k === j ? 1 : 0;
        });
        row.fill(0);
        row[j] = 1;
      }
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
 * The highest threshold such that refusing every answerable question whose probability is below it refuses at
 * most `maxShare` of them; `alreadyRefused` answerable questions (refused by a rule) count against the share.
 * 0 (refuse nothing) when the rules have used the share up.
 */
export function thresholdFor(answerable: readonly number[], maxShare: number, alreadyRefused = 0): number {
  const allowed = Math.floor(maxShare * (answerable.length + alreadyRefused)) - alreadyRefused;
  if (allowed <= 0 || answerable.length === 0) return 0;
  const sorted = [...answerable].sort((a, b) => a - b);
  // The lowest answerable question that must stay answered: everything strictly below it may go.
  return sorted[Math.min(allowed, sorted.length - 1)] ?? 0;
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
