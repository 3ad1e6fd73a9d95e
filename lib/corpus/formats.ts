/**
 * The format registry: every kind of file the corpus takes, with its names,
 * its media type and what its bytes must be. The loader, the upload route and
 * the page's file picker all read it; the extractor of each format is keyed
 * by the same names in ./extract, which the type checker holds to this list.
 * Pure data and byte checks, so the page can import it without the parsers.
 */

/** What a file's bytes must turn out to be, whatever its name says. */
type Content = 'text' | 'pdf';

interface FormatInfo {
  /** For people: "Markdown". */
  readonly label: string;
  /** Lower case, with the dot; the first is the usual one. */
  readonly extensions: readonly string[];
  /** The IANA media type, which file pickers and HTTP clients go by. */
  readonly mime: string;
  readonly content: Content;
}

export const FORMATS = {
  txt: { label: 'plain text', extensions: ['.txt', '.text'], mime: 'text/plain', content: 'text' },
  md: { label: 'Markdown', extensions: ['.md', '.markdown'], mime: 'text/markdown', content: 'text' },
  html: { label: 'HTML', extensions: ['.html', '.htm'], mime: 'text/html', content: 'text' },
  pdf: { label: 'PDF', extensions: ['.pdf'], mime: 'application/pdf', content: 'pdf' },
} as const satisfies Record<string, FormatInfo>;

export type DocumentFormat = keyof typeof FORMATS;

const byExtension = new Map<string, DocumentFormat>(
  Object.entries(FORMATS).flatMap(([format, info]) => info.extensions.map((e) => [e, format as DocumentFormat] as const)),
);

/** Every extension a document may have, lower case with its dot. */
export const DOCUMENT_EXTENSIONS: readonly string[] = [...byExtension.keys()];

/** The usual extensions, for messages: ".txt, .md, .html or .pdf". */
export function usualExtensions(): string {
  const usual = Object.values(FORMATS).map((f) => f.extensions[0]);
  return `${usual.slice(0, -1).join(', ')} or ${usual.at(-1)}`;
}

/** The `accept` attribute of a file input: extensions and media types, since some pickers filter by one, some by the other. */
export const FILE_INPUT_ACCEPT = [...DOCUMENT_EXTENSIONS, ...new Set(Object.values(FORMATS).map((f) => f.mime))].join(',');

export function formatOf(fileName: string): DocumentFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : byExtension.get(fileName.slice(dot).toLowerCase());
}

/** What the bytes are: text (decoded), a PDF, or neither, with the media type they show. */
export type Sniffed =
  | { readonly content: 'pdf'; readonly mime: 'application/pdf' }
  | { readonly content: 'text'; readonly mime: 'text/plain'; readonly text: string }
  | { readonly content: 'binary'; readonly mime: 'application/octet-stream'; readonly reason: string };

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decides by content alone, as a browser sniffs a response with no usable type: a renamed executable is refused however it is called. */
export function sniff(bytes: Uint8Array): Sniffed {
  if (PDF_MAGIC.every((b, i) => bytes[i] === b)) return { content: 'pdf', mime: 'application/pdf' };
  if (bytes.includes(0)) return { content: 'binary', mime: 'application/octet-stream', reason: 'binary content (NUL bytes)' };
  try {
    return { content: 'text', mime: 'text/plain', text: utf8.decode(bytes) };
  } catch {
    return { content: 'binary', mime: 'application/octet-stream', reason: 'not valid UTF-8' };
  }
}

/** Why bytes that sniffed as `sniffed` cannot be a file of `format`, or undefined when they can. */
export function contentMismatch(format: DocumentFormat, sniffed: Sniffed): string | undefined {
  if (sniffed.content === 'binary') return sniffed.reason;
  const expected = FORMATS[format].content;
  if (expected === sniffed.content) return undefined;
  return expected === 'pdf' ? 'not a PDF' : 'a PDF with a text extension';
}
