/**
 * The extractor of each format of the registry (./formats): it turns a file
 * into plain text with one paragraph per line, plus the title its markup
 * declares (if any). Cleaning of the text itself happens afterwards, the same
 * for every format.
 *
 * Both run in time linear in their input (tested on pathological inputs): the
 * regex strippers they replace backtracked quadratically on unclosed brackets
 * and tags, so one crafted file could hold a core for seconds at every build.
 * HTML goes through parse5 (the WHATWG parser); Markdown through the line
 * scanner in ./markdown.
 */
import type { CleaningProfile } from '../config';
import { extractDelimited } from './delimited';
import { htmlToText } from './html';
import { extractMail } from './mail';
import { markdownToText } from './markdown';
import { extractOffice } from './office';
import { extractPdf } from './pdf';
import { reflowPlainText } from './reflow';
import { type DocumentFormat, FORMATS } from './formats';

export interface ExtractedText {
  readonly text: string;
  readonly declaredTitle?: string;
}

/** How one file is read: what its parts may cost, and how its text is cleaned. */
export interface ExtractLimits {
  /** Bytes a file's compressed parts may expand to (at least; a PDF may take 8× its size). */
  readonly maxDecodedBytes: number;
  readonly cleaning: CleaningProfile;
  /** Read PDF pages without a text layer by OCR, where its programs are installed (./ocr). */
  readonly ocr: boolean;
  readonly ocrPageTimeoutMs: number;
  /** Scanned pages of one file read by OCR, at most. */
  readonly ocrMaxPages: number;
}

/** Told when a long step of reading one file begins (an OCR page), so its time limit can make room for it. */
export type Progress = (step: string) => void;

/** Text and e-mail are read from their decoded text; every other format from its bytes. */
type ReadsText<F extends DocumentFormat> = (typeof FORMATS)[F]['content'] extends 'text' | 'mail' ? true : false;

type Extractor<F extends DocumentFormat> =
  ReadsText<F> extends true
    ? (text: string) => ExtractedText | Promise<ExtractedText>
    : (bytes: Uint8Array, limits: ExtractLimits, progress?: Progress) => Promise<ExtractedText>;

/** One per format: a format in the registry without an extractor here does not compile. */
const EXTRACTORS: { readonly [F in DocumentFormat]: Extractor<F> } = {
  txt: (text) => ({ text: reflowPlainText(text) }),
  md: extractMarkdown,
  html: extractHtml,
  pdf: extractPdf,
  docx: extractOffice,
  pptx: extractOffice,
  xlsx: extractOffice,
  odt: extractOffice,
  odp: extractOffice,
  ods: extractOffice,
  epub: extractOffice,
  rtf: extractOffice,
  eml: extractMail,
  csv: (text) => extractDelimited(text, ','),
  tsv: (text) => extractDelimited(text, '\t'),
};

const TEXT_FORMATS = new Set<DocumentFormat>(
  (Object.keys(FORMATS) as DocumentFormat[]).filter((f) => FORMATS[f].content === 'text' || FORMATS[f].content === 'mail'),
);

/** Text formats take the decoded text; the others take their bytes. */
export async function extractText(
  format: DocumentFormat,
  raw: string | Uint8Array,
  limits: ExtractLimits,
  progress?: Progress,
): Promise<ExtractedText> {
  if (TEXT_FORMATS.has(format)) {
    const read = EXTRACTORS[format] as (text: string) => ExtractedText | Promise<ExtractedText>;
    return read(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
  }
  if (typeof raw === 'string') throw new Error(`a ${FORMATS[format].label} file is read from its bytes`);
  const read = EXTRACTORS[format] as (bytes: Uint8Array, limits: ExtractLimits, progress?: Progress) => Promise<ExtractedText>;
  return read(raw, limits, progress);
}

function withTitle(paragraphs: readonly string[], title: string | undefined): ExtractedText {
  const text = paragraphs.filter((p) => p !== '').join('\n\n');
  return title ? { text, declaredTitle: title } : { text };
}

function extractHtml(raw: string): ExtractedText {
  const { paragraphs, title } = htmlToText(raw);
  return withTitle(paragraphs, title);
}

function extractMarkdown(raw: string): ExtractedText {
  const { paragraphs, title } = markdownToText(raw);
  return withTitle(paragraphs.map(decodeEntities), title ? decodeEntities(title) : undefined);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  eacute: 'é',
  egrave: 'è',
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
