/**
 * Values in pgvector's and full-text search's text forms. Vectors go out as
 * the shortest decimal of each float32 and come back the same way, so a
 * vector read back equals the one written, bit for bit.
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

/** A lexeme quoted for a tsvector or tsquery literal. */
function lexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Positions past this are where tsvector stops counting (and past 256 per lexeme it keeps the first 256). */
const MAX_POSITION = 16_383;

/** Index terms, in order, as a tsvector whose positions keep each term's frequency. */
export function tsvectorLiteral(terms: readonly string[]): string {
  const positions = new Map<string, number[]>();
  terms.forEach((term, i) => {
    const at = Math.min(i + 1, MAX_POSITION);
    const list = positions.get(term);
    if (list) {
      if (list.length < 256 && list.at(-1) !== at) list.push(at);
    } else positions.set(term, [at]);
  });
  return [...positions].map(([term, at]) => `${lexeme(term)}:${at.join(',')}`).join(' ');
}

/** Any of the terms. */
export function tsqueryLiteral(terms: readonly string[]): string {
  return terms.map(lexeme).join(' | ');
}
