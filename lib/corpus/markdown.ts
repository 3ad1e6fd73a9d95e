/**
 * Markdown to plain text in one pass over the lines and one over each
 * paragraph's characters, so time grows linearly with the input whatever it
 * holds. The CommonMark parser we measured first (micromark, through
 * mdast-util-from-markdown) is quadratic on nesting and unclosed links: 20,000
 * nested list markers took 233 s, 20,000 unclosed `[a](` 3.2 s (numbers in the
 * commit). Text for retrieval needs much less than a full parse: block
 * structure (headings, paragraphs, list items, quotes, code, tables) and the
 * visible text of inline markup.
 */
import { htmlSnippetText } from './html';

export interface MarkdownText {
  readonly paragraphs: string[];
  /** The front matter's `title:`, else the first level-1 heading. */
  readonly title?: string;
}

/** YAML front matter: its `title:` line is the declared title; the rest is not document text. */
function splitFrontMatter(raw: string): { body: string; title?: string } {
  if (!/^---\r?\n/.test(raw)) return { body: raw };
  const close = /\r?\n---[ \t]*(?:\r?\n|$)/g;
  close.lastIndex = 3;
  const end = close.exec(raw);
  if (!end) return { body: raw };
  const titleLine = raw
    .slice(3, end.index)
    .split(/\r?\n/)
    .find((line) => /^title:[ \t]*\S/.test(line));
  const title = titleLine
    ?.replace(/^title:[ \t]*/, '')
    .replace(/^["']/, '')
    .replace(/["'][ \t]*$/, '')
    .trim();
  const body = raw.slice(end.index + end[0].length);
  return title ? { body, title } : { body };
}

// Sticky patterns applied at a position: each consumes what it matches, so stripping many prefixes stays linear.
const QUOTE = / {0,3}>[ \t]?/y;
const BULLET = /[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/y;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const TABLE_RULE = /^[ \t|:-]+$/;

/** Removes quote and list prefixes; `item` says whether the line opened a list item. */
function stripContainers(line: string): { text: string; item: boolean } {
  let at = 0;
  let item = false;
  for (;;) {
    QUOTE.lastIndex = at;
    if (QUOTE.test(line)) {
      at = QUOTE.lastIndex;
      continue;
    }
    BULLET.lastIndex = at;
    if (BULLET.test(line)) {
      at = BULLET.lastIndex;
      item = true;
      continue;
    }
    return { text: line.slice(at), item };
  }
}

/** A line of three or more `-`, `*` or `_` (spaces between allowed): a thematic break or a setext underline. */
function isRule(line: string): boolean {
  const compact = line.replace(/[ \t]/g, '');
  return compact.length >= 3 && /^(?:-+|\*+|_+|=+)$/.test(compact);
}

function headingText(line: string, hashes: number): string {
  let text = line.trim().slice(hashes).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t') text = text.slice(0, end);
  return text.trim();
}

/** For each position, the index of the next `ch` at or after it (or -1): one backward pass. */
function nextIndex(text: string, ch: string): Int32Array {
  const next = new Int32Array(text.length + 1).fill(-1);
  for (let i = text.length - 1; i >= 0; i--) next[i] = text[i] === ch ? i : (next[i + 1] ?? -1);
  return next;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/**
 * The visible text of inline Markdown: link and image text without their
 * destinations, emphasis and code markers gone, inline HTML tags dropped,
 * backslash escapes resolved. Every character is looked at a bounded number of times.
 */
export function inlineText(text: string): string {
  const closeParen = nextIndex(text, ')');
  const closeAngle = nextIndex(text, '>');
  const closeBracket = nextIndex(text, ']');
  const drop = new Uint8Array(text.length);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
      drop[i] = 1;
      i++;
    } else if (ch === '`') {
      drop[i] = 1;
    } else if (ch === '[') {
      open.push(i);
    } else if (ch === ']') {
      const start = open.pop();
      if (start === undefined) continue;
      const close = text[i + 1] === '(' ? (closeParen[i + 1] ?? -1) : -1;
      // A destination holds no spaces unless a quoted title follows it; anything longer is not a link.
      if (close > 0 && close - i < 2048 && !/\s/.test(text.slice(i + 2, close).replace(/\s+["'(].*$/s, ''))) {
        drop[start] = 1;
        if (text[start - 1] === '!') drop[start - 1] = 1;
        drop.fill(1, i, close + 1);
        i = close;
      } else if (text[i + 1] === '[') {
        const end = closeBracket[i + 2] ?? -1;
        if (end > 0 && end - i < 256) {
          drop[start] = 1;
          drop.fill(1, i, end + 1);
          i = end;
        }
      }
    } else if (ch === '<' && /[A-Za-z/!]/.test(text[i + 1] ?? '')) {
      const close = closeAngle[i] ?? -1;
      if (close > 0 && close - i < 2048) {
        const inner = text.slice(i + 1, close);
        // An autolink shows its address; a tag shows nothing.
        if (/^[a-z][a-z0-9+.-]*:\S*$/i.test(inner) || /^[^\s@]+@[^\s@]+$/.test(inner)) {
          drop[i] = 1;
          drop[close] = 1;
        } else drop.fill(1, i, close + 1);
        i = close;
      }
    } else if (ch === '*' || ch === '_' || ch === '~') {
      // Emphasis markers sit at the edge of a word; `snake_case` and `2 * 3` keep theirs.
      let end = i;
      while (text[end] === ch) end++;
      const before = isWordChar(text[i - 1]);
      const after = isWordChar(text[end]);
      if (before !== after || (ch !== '_' && end - i >= 2)) drop.fill(1, i, end);
      i = end - 1;
    }
  }
  let out = '';
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || drop[i]) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

export function markdownToText(raw: string): MarkdownText {
  const { body, title: frontTitle } = splitFrontMatter(raw);
  const paragraphs: string[] = [];
  let title = frontTitle;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    const joined = paragraph.join('\n');
    const text = joined.trimStart().startsWith('<') ? htmlSnippetText(joined) : joined;
    const visible = inlineText(text);
    if (visible !== '') paragraphs.push(visible);
    paragraph = [];
  };
  let fence: string | undefined;
  for (const rawLine of body.split(/\r?\n/)) {
    if (fence !== undefined) {
      if (rawLine.trim().startsWith(fence)) fence = undefined;
      else if (rawLine.trim() !== '') paragraphs.push(rawLine.replace(/\s+/g, ' ').trim());
      continue;
    }
    const fenced = FENCE.exec(rawLine);
    if (fenced) {
      flush();
      fence = fenced[1];
      continue;
    }
    const { text: line, item } = stripContainers(rawLine);
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (isRule(line) || TABLE_RULE.test(line)) {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const text = inlineText(headingText(line, (heading[1] ?? '').length));
      if (text !== '') paragraphs.push(text);
      if (title === undefined && heading[1] === '#' && text !== '') title = text;
      continue;
    }
    if (item) flush();
    // Table rows: cells as one line, pipes as separators.
    paragraph.push(line.includes('|') && /^\s*\|/.test(line) ? line.replace(/\|/g, ' ') : line);
  }
  flush();
  return title ? { paragraphs, title } : { paragraphs };
}
