/**
 * Turns each supported file format into plain text with one paragraph per
 * line, plus the title its markup declares (if any). Cleaning of the text
 * itself happens afterwards, the same for every format.
 *
 * Both run in time linear in their input (tested on pathological inputs): the
 * regex strippers they replace backtracked quadratically on unclosed brackets
 * and tags, so one crafted file could hold a core for seconds at every build.
 * HTML goes through parse5 (the WHATWG parser); Markdown through the line
 * scanner in ./markdown.
 */
import { parse as parseHtml } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { markdownToText } from './markdown';
import { extractPdf } from './pdf';
import { reflowPlainText } from './reflow';
import type { DocumentFormat } from './types';

export interface ExtractedText {
  readonly text: string;
  readonly declaredTitle?: string;
}

const EXTENSIONS: Record<string, DocumentFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

export function formatOf(fileName: string): DocumentFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[fileName.slice(dot).toLowerCase()];
}

/** Text formats take the decoded text; a PDF takes its bytes. */
export async function extractText(format: DocumentFormat, raw: string | Uint8Array): Promise<ExtractedText> {
  if (format === 'pdf') {
    if (typeof raw === 'string') throw new Error('a PDF is read from its bytes');
    return extractPdf(raw);
  }
  const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  switch (format) {
    case 'txt':
      return { text: reflowPlainText(text) };
    case 'md':
      return extractMarkdown(text);
    case 'html':
      return extractHtml(text);
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function withTitle(paragraphs: readonly string[], title: string | undefined): ExtractedText {
  const text = paragraphs.filter((p) => p !== '').join('\n\n');
  return title ? { text, declaredTitle: title } : { text };
}

// ---- HTML ----

type HtmlNode = DefaultTreeAdapterMap['node'];
type HtmlElement = DefaultTreeAdapterMap['element'];

/** Elements whose content is never document text: page chrome, code, embedded media. */
const SKIPPED_ELEMENTS = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'nav', 'footer', 'aside', 'form', 'iframe', 'object', 'canvas', 'button', 'select']);
/** Elements that start a new paragraph. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'blockquote', 'body', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

function isElement(node: HtmlNode): node is HtmlElement {
  return 'tagName' in node;
}

/** Text of a subtree, one paragraph per block element; iterative, so deep nesting cannot overflow the stack. */
function htmlParagraphs(root: HtmlNode): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const text = collapse(current);
    if (text !== '') paragraphs.push(text);
    current = '';
  };
  // A stack of nodes still to visit; `null` marks the end of a block element.
  const stack: (HtmlNode | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) {
      flush();
      continue;
    }
    if (!node) continue;
    if (node.nodeName === '#text' && 'value' in node) {
      current += node.value;
      continue;
    }
    if (isElement(node)) {
      if (SKIPPED_ELEMENTS.has(node.tagName)) continue;
      if (BLOCK_ELEMENTS.has(node.tagName)) {
        flush();
        stack.push(null);
      }
    }
    const children = 'childNodes' in node ? node.childNodes : [];
    const content = isElement(node) && node.tagName === 'template' ? [] : children;
    for (let i = content.length - 1; i >= 0; i--) stack.push(content[i] ?? null);
  }
  flush();
  return paragraphs;
}

/** The first element of this name in document order. */
function findElement(root: HtmlNode, tagName: string): HtmlElement | undefined {
  const stack: HtmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as HtmlNode;
    if (isElement(node) && node.tagName === tagName) return node;
    const children = 'childNodes' in node ? node.childNodes : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as HtmlNode);
  }
  return undefined;
}

function extractHtml(raw: string): ExtractedText {
  const document = parseHtml(raw);
  const titleElement = findElement(document, 'title') ?? findElement(document, 'h1');
  const title = titleElement ? collapse(titleElement.childNodes.map((n) => htmlParagraphs(n).join(' ')).join(' ')) : '';
  return withTitle(htmlParagraphs(document), title || undefined);
}

function extractMarkdown(raw: string): ExtractedText {
  const { paragraphs, title } = markdownToText(raw);
  return withTitle(paragraphs.map(decodeEntities), title ? decodeEntities(title) : undefined);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', eacute: 'é', egrave: 'è',
};

/** Character references left in Markdown text (HTML has parse5 decode its own). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? match;
  });
}
