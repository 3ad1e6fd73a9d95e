/**
 * The format registry: every kind of file the corpus takes, with its names,
 * its media type and what its bytes must be. The loader, the upload route and
 * the page's file picker all read it; the extractor of each format is keyed
 * by the same names in ./extract, which the type checker holds to this list.
 * Pure data and byte checks, so the page can import it without the parsers.
 */

import { isZip, storedText, zipEntries } from './zip';

/** The zip-based formats, told apart by what the archive holds. */
type Packaged = 'docx' | 'pptx' | 'xlsx' | 'odt' | 'odp' | 'ods' | 'epub';

/**
 * What a file's bytes must turn out to be, whatever its name says: UTF-8 text, an e-mail (text that starts with
 * headers), a PDF, an RTF document or one kind of zip package.
 */
type Content = 'text' | 'mail' | 'pdf' | 'rtf' | Packaged;

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
  docx: {
    label: 'Word document',
    extensions: ['.docx'],
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    content: 'docx',
  },
  pptx: {
    label: 'PowerPoint presentation',
    extensions: ['.pptx'],
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    content: 'pptx',
  },
  xlsx: {
    label: 'Excel workbook',
    extensions: ['.xlsx'],
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: 'xlsx',
  },
  odt: { label: 'OpenDocument text', extensions: ['.odt'], mime: 'application/vnd.oasis.opendocument.text', content: 'odt' },
  odp: {
    label: 'OpenDocument presentation',
    extensions: ['.odp'],
    mime: 'application/vnd.oasis.opendocument.presentation',
    content: 'odp',
  },
  ods: {
    label: 'OpenDocument spreadsheet',
    extensions: ['.ods'],
    mime: 'application/vnd.oasis.opendocument.spreadsheet',
    content: 'ods',
  },
  epub: { label: 'EPUB e-book', extensions: ['.epub'], mime: 'application/epub+zip', content: 'epub' },
  rtf: { label: 'Rich Text Format document', extensions: ['.rtf'], mime: 'application/rtf', content: 'rtf' },
  eml: { label: 'e-mail', extensions: ['.eml'], mime: 'message/rfc822', content: 'mail' },
  csv: { label: 'CSV', extensions: ['.csv'], mime: 'text/csv', content: 'text' },
  tsv: { label: 'TSV', extensions: ['.tsv', '.tab'], mime: 'text/tab-separated-values', content: 'text' },
} as const satisfies Record<string, FormatInfo>;

export type DocumentFormat = keyof typeof FORMATS;

export const DOCUMENT_FORMATS = Object.keys(FORMATS) as [DocumentFormat, ...DocumentFormat[]];

const byExtension = new Map<string, DocumentFormat>(
  Object.entries(FORMATS).flatMap(([format, info]) => info.extensions.map((e) => [e, format as DocumentFormat] as const)),
);

/** Every extension a document may have, lower case with its dot. */
export const DOCUMENT_EXTENSIONS: readonly string[] = [...byExtension.keys()];

/** The usual extensions, for messages: ".txt, .md, …, .csv or .tsv". */
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

/** What the bytes are: text (decoded), a PDF, an RTF document, a kind of zip package, or none of these, with the media type they show. */
export type Sniffed =
  | { readonly content: 'pdf' | 'rtf' | Packaged; readonly mime: string }
  | { readonly content: 'text'; readonly mime: 'text/plain'; readonly text: string }
  | { readonly content: 'binary'; readonly mime: 'application/octet-stream'; readonly reason: string };

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const RTF_MAGIC = [0x7b, 0x5c, 0x72, 0x74, 0x66]; // {\rtf
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The `mimetype` an OpenDocument file or an EPUB stores first, uncompressed. */
const PACKAGE_MIMETYPES: Readonly<Record<string, Packaged>> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/epub+zip': 'epub',
};

/** The main part of each Office Open XML package, listed in its `[Content_Types].xml`. */
const OOXML_PARTS: readonly (readonly [string, Packaged])[] = [
  ['word/document.xml', 'docx'],
  ['ppt/presentation.xml', 'pptx'],
  ['xl/workbook.xml', 'xlsx'],
];

const binary = (reason: string): Sniffed => ({ content: 'binary', mime: 'application/octet-stream', reason });

/** Which package a zip is, by its entries: a `mimetype` (OpenDocument, EPUB) or `[Content_Types].xml` and a main part (Office). */
function sniffZip(bytes: Uint8Array): Sniffed {
  const entries = zipEntries(bytes);
  if (!entries) return binary('a damaged zip archive');
  const declared = storedText(bytes, entries, 'mimetype');
  const packaged = declared === undefined ? undefined : PACKAGE_MIMETYPES[declared];
  if (packaged) return { content: packaged, mime: declared as string };
  if (entries.some((e) => e.name === '[Content_Types].xml')) {
    const office = OOXML_PARTS.find(([part]) => entries.some((e) => e.name === part));
    if (office) return { content: office[1], mime: FORMATS[office[1]].mime };
  }
  return binary('a zip archive that is not a document');
}

/** Decides by content alone, as a browser sniffs a response with no usable type: a renamed executable is refused however it is called. */
export function sniff(bytes: Uint8Array): Sniffed {
  if (PDF_MAGIC.every((b, i) => bytes[i] === b)) return { content: 'pdf', mime: 'application/pdf' };
  if (isZip(bytes)) return sniffZip(bytes);
  if (RTF_MAGIC.every((b, i) => bytes[i] === b)) return { content: 'rtf', mime: 'application/rtf' };
  if (bytes.includes(0)) return binary('binary content (NUL bytes)');
  try {
    return { content: 'text', mime: 'text/plain', text: utf8.decode(bytes) };
  } catch {
    return binary('not valid UTF-8');
  }
}

/** An e-mail starts with header fields ("From: …", "Received: …"); a folded line continues one. */
const HEADER_LINE = /^[!-9;-~]+:[ \t]/;

/** What content of each kind is called in messages. */
function contentLabel(content: Content): string {
  if (content === 'text') return 'plain text';
  if (content === 'mail') return 'an e-mail';
  const label = Object.values(FORMATS).find((f) => f.content === content)?.label ?? content;
  return `${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label}`;
}

/** Why bytes that sniffed as `sniffed` cannot be a file of `format`, or undefined when they can. */
export function contentMismatch(format: DocumentFormat, sniffed: Sniffed): string | undefined {
  if (sniffed.content === 'binary') return sniffed.reason;
  const expected: Content = FORMATS[format].content;
  if (expected === 'mail')
    return sniffed.content === 'text' && HEADER_LINE.test(sniffed.text.replace(/^\uFEFF/, ''))
      ? undefined
      : 'not an e-mail (it does not start with header fields such as From: or Subject:)';
  if (expected === sniffed.content) return undefined;
  if (expected === 'pdf') return 'not a PDF';
  if (sniffed.content === 'pdf' && expected === 'text') return 'a PDF with a text extension';
  return `its content is ${contentLabel(sniffed.content)}, not ${contentLabel(expected)}`;
}
