/**
 * Turns each supported file format into plain text with one paragraph per
 * line, plus the title its markup declares (if any). Cleaning of the text
 * itself happens afterwards, the same for every format.
 */
import { extractPdf } from './pdf';
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
      return { text };
    case 'md':
      return extractMarkdown(text);
    case 'html':
      return extractHtml(text);
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', eacute: 'é', egrave: 'è',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? match;
  });
}

function stripTags(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/[ \t\f\v\u00a0]+/g, ' ').trim();
}

function extractHtml(raw: string): ExtractedText {
  const titleMatch = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(raw) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(raw);
  const declaredTitle = titleMatch?.[1] ? stripTags(titleMatch[1]) : undefined;
  const body = raw
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(head|script|style|noscript|template|svg|nav|footer|aside|form|iframe)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(br|hr)\b[^>]*>/gi, '\n')
    .replace(/<\/?(p|div|section|article|header|main|h[1-6]|li|ul|ol|tr|table|blockquote|pre|figure|figcaption|dd|dt)\b[^>]*>/gi, '\n');
  const text = body
    .split('\n')
    .map(stripTags)
    .filter((line) => line !== '')
    .join('\n\n');
  return declaredTitle ? { text, declaredTitle } : { text };
}

function extractMarkdown(raw: string): ExtractedText {
  const withoutFrontMatter = raw.replace(/^---\n[\s\S]*?\n---\n/, '');
  const frontTitle = /^---\n[\s\S]*?^title:\s*["']?(.+?)["']?\s*$[\s\S]*?\n---\n/m.exec(raw)?.[1];
  const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(withoutFrontMatter)?.[1];
  const text = withoutFrontMatter
    .replace(/^```.*$/gm, '')
    .replace(/<[^>\n]+>/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/gm, '$1')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,;:!?]|$)/gm, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
  const declaredTitle = frontTitle ?? (heading ? stripMarkdownInline(heading) : undefined);
  return declaredTitle ? { text: decodeEntities(text), declaredTitle } : { text: decodeEntities(text) };
}

function stripMarkdownInline(text: string): string {
  return text.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/[*_`]/g, '').trim();
}
