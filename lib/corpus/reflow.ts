/**
 * Plain text wrapped at a fixed width (man pages, FAQs, READMEs) back into
 * paragraphs: the lines of a paragraph are joined, so a sentence that spans
 * lines is one sentence again. Text whose lines are not wrapped (one
 * paragraph per line, like most exported articles) is left as it is.
 */

/** Lines at most this long (90th percentile) mark a text as hard-wrapped; wrapped text stays under 80 or so. */
const MAX_WRAP_WIDTH = 100;
/** Nobody wraps narrower than this: a text of short lines (a list, a few headings) is not a wrapped one. */
const MIN_WRAP_WIDTH = 50;
/** A line shorter than this share of the wrap width ends its paragraph (a heading, the last line). */
const SHORT_LINE = 0.5;

const LIST_ITEM = /^(?:[-*+•·‣◦]|\d{1,3}[.)]|[a-z][.)]|\p{Lu}:)\s/u;
/** Underlines, rules and box drawing: a line with no letters or digits. */
const NO_WORDS = /^[^\p{L}\p{N}]*$/u;
/** Columns: a run of four spaces inside a line (man page headers, tables). */
const COLUMNS = /\S {4,}\S/;
/** Code: a line that ends a statement, a block or a comment. */
const CODE_END = /(?:[;{}]|\*\/)$/;

interface Line {
  readonly text: string;
  readonly indent: number;
  /** Where the text after a list marker starts, for hanging indents. */
  readonly bodyIndent: number;
}

function measure(raw: string): Line {
  const text = raw.trimEnd();
  const indent = text.length - text.trimStart().length;
  const marker = LIST_ITEM.exec(text.trimStart());
  const bodyIndent = marker
    ? indent + marker[0].length + (text.slice(indent + marker[0].length).length - text.slice(indent + marker[0].length).trimStart().length)
    : indent;
  return { text, indent, bodyIndent };
}

function wrapWidth(lines: readonly string[]): number | undefined {
  const lengths = lines
    .map((l) => l.trimEnd().length)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  const p90 = lengths[Math.floor(lengths.length * 0.9)] ?? 0;
  const widest = lengths[lengths.length - 1] ?? 0;
  return p90 <= MAX_WRAP_WIDTH && widest >= MIN_WRAP_WIDTH ? widest : undefined;
}

/** Whether `next` continues the paragraph that `line` is in. */
function continues(line: Line, next: Line, width: number): boolean {
  const body = next.text.trimStart();
  if (LIST_ITEM.test(body) || NO_WORDS.test(body) || NO_WORDS.test(line.text)) return false;
  if (COLUMNS.test(line.text.trim()) || COLUMNS.test(body) || CODE_END.test(line.text)) return false;
  if (line.text.length < width * SHORT_LINE) return false;
  // The same left edge, or the hanging indent of a list item.
  return Math.abs(next.indent - line.bodyIndent) <= 1 || Math.abs(next.indent - line.indent) <= 1;
}

export function reflowPlainText(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const width = wrapWidth(lines);
  if (width === undefined) return raw;
  const out: string[] = [];
  let paragraph: Line | undefined;
  let joined = '';
  const flush = () => {
    if (paragraph) out.push(joined);
    paragraph = undefined;
  };
  for (const raw of lines) {
    if (raw.trim() === '') {
      flush();
      out.push('');
      continue;
    }
    const line = measure(raw);
    if (paragraph && continues(paragraph, line, width)) {
      // Later lines are judged against the last one; the first keeps the paragraph's indents.
      joined += ` ${line.text.trim()}`;
      paragraph = {
        text: line.text,
        indent: line.indent,
        bodyIndent: paragraph.bodyIndent === paragraph.indent ? line.indent : paragraph.bodyIndent,
      };
      continue;
    }
    flush();
    paragraph = line;
    joined = line.text.trim();
  }
  flush();
  return out.join('\n');
}
