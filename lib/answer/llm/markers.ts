/**
 * Checks citation markers in a model's streamed text as it arrives: a marker
 * naming a passage that exists is renumbered in order of first use ([4] first
 * → [1]); one naming no passage ([9] of 5) is removed with the space before it.
 * "[2, 3]" becomes "[1][2]". Text that only looks like a marker start passes through.
 */
import { LIMITS } from '../policy';

const COMPLETE = /^\[\s*\d+(?:\s*,\s*\d+)*\s*\]$/;
const PARTIAL = /^\[[\d,\s]*$/;

export class CitationFilter {
  private heldSpace = '';
  private marker = '';
  private readonly order = new Map<number, number>();

  constructor(private readonly passageCount: number) {}

  /** Passage numbers in citation order: element i is the passage cited as [i + 1]. */
  get cited(): number[] {
    return [...this.order.keys()];
  }

  push(delta: string): string {
    let out = '';
    for (const ch of delta) out += this.feed(ch);
    return out;
  }

  end(): string {
    // An unfinished marker is text after all; trailing whitespace alone is dropped.
    const rest = this.marker ? this.heldSpace + this.marker : '';
    this.marker = '';
    this.heldSpace = '';
    return rest;
  }

  private feed(ch: string): string {
    if (this.marker) {
      this.marker += ch;
      if (COMPLETE.test(this.marker)) return this.resolve();
      if (PARTIAL.test(this.marker) && this.marker.length < LIMITS.llm.markerChars) return '';
      const literal = this.heldSpace + this.marker;
      this.marker = '';
      this.heldSpace = '';
      return literal;
    }
    if (ch === '[') {
      this.marker = ch;
      return '';
    }
    if (/\s/.test(ch)) {
      this.heldSpace += ch;
      return '';
    }
    const out = this.heldSpace + ch;
    this.heldSpace = '';
    return out;
  }

  private resolve(): string {
    const numbers = (this.marker.match(/\d+/g) ?? []).map(Number).filter((n) => n >= 1 && n <= this.passageCount);
    this.marker = '';
    if (numbers.length === 0) {
      this.heldSpace = '';
      return '';
    }
    const ids = [...new Set(numbers)].map((n) => {
      if (!this.order.has(n)) this.order.set(n, this.order.size + 1);
      return this.order.get(n) as number;
    });
    const out = `${this.heldSpace}${ids.map((id) => `[${id}]`).join('')}`;
    this.heldSpace = '';
    return out;
  }
}
