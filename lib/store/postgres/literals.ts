/**
 * Vectors in pgvector's text form: the shortest decimal of each float32 out,
 * and back the same way, so a vector read back equals the one written, bit
 * for bit.
 */

export function vectorLiteral(vector: Float32Array): string {
  let out = '[';
  for (let k = 0; k < vector.length; k++) out += `${k === 0 ? '' : ','}${vector[k] ?? 0}`;
  return `${out}]`;
}

export function parseVector(text: string): Float32Array {
  const body = text.slice(1, -1);
  return body ? Float32Array.from(body.split(','), Number) : new Float32Array(0);
}
