/** Scales `v` to unit length in place (a zero vector stays zero) and returns it. */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

export interface BatchLimits {
  readonly maxTexts: number;
  readonly maxChars: number;
}

/**
 * Runs `fn` over consecutive batches of at most `maxTexts` texts and `maxChars`
 * characters (a longer text goes alone) and concatenates the results.
 */
export async function inBatches<R>(
  texts: readonly string[],
  limits: BatchLimits,
  fn: (batch: readonly string[]) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < texts.length; ) {
    let end = start + 1;
    let chars = (texts[start] as string).length;
    while (end < texts.length && end - start < limits.maxTexts && chars + (texts[end] as string).length <= limits.maxChars)
      chars += (texts[end++] as string).length;
    out.push(...(await fn(texts.slice(start, end))));
    start = end;
  }
  return out;
}
