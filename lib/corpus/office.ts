/**
 * Office documents, presentations, spreadsheets, EPUB e-books and RTF through
 * officeparser, one parser for all of them (it keeps each format's structure
 * in one tree). Headings, paragraphs, list items and slide titles become
 * paragraphs of their own and each table row one paragraph with its header
 * names (./table). A zip package passes ./zip-guard first, so a bomb is
 * refused before the parser inflates anything; the title comes from the
 * document's metadata.
 */
import type { OfficeContentNode } from 'officeparser';
import type { ExtractedText, ExtractLimits } from './extract';
import { tableParagraphs } from './table';
import { checkZip } from './zip-guard';
import { isZip } from './zip';

/** A package may decode to this many times its size past the flat budget: office XML compresses 5–20×. */
const DECODED_PER_FILE_BYTE = 30;

const folded = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** A node's text: its children's run together where it has any (an EPUB's paragraphs keep it in their runs), else its own. */
function textOf(node: OfficeContentNode): string {
  const children = node.children ?? [];
  if (children.length === 0) return folded(node.text);
  // Runs of one paragraph carry their own spaces ("flat page" + ", " + "stylesheet"); blocks are set apart.
  return folded(children.map((c) => (c.type === 'text' ? (c.text ?? '') : ` ${textOf(c)} `)).join(''));
}

/**
 * A table used for layout, as web pages saved as documents are: a cell holds a table of its own, or several
 * paragraphs or list items. Its cells are read as the paragraphs they hold; a data table's rows as rows.
 */
function isLayout(table: OfficeContentNode): boolean {
  return (table.children ?? []).some((row) =>
    (row.children ?? []).some((cell) => {
      const blocks = (cell.children ?? []).filter((c) => c.type !== 'text');
      return blocks.some((c) => c.type === 'table') || blocks.length > 1;
    }),
  );
}

const rowsOf = (nodes: readonly OfficeContentNode[]) => nodes.map((row) => (row.children ?? []).map(textOf));

/** The paragraphs of a tree of content: structure kept, formatting dropped. */
function paragraphsOf(nodes: readonly OfficeContentNode[], out: string[]): string[] {
  for (const node of nodes) {
    switch (node.type) {
      case 'table':
        if (isLayout(node))
          for (const row of node.children ?? []) for (const cell of row.children ?? []) paragraphsOf(cell.children ?? [], out);
        else out.push(...tableParagraphs(rowsOf(node.children ?? [])));
        break;
      case 'heading':
      case 'paragraph':
      case 'list':
      case 'code':
      case 'definitionTerm':
      case 'definitionDescription': {
        // A paragraph may hold a nested table or list of its own; its text is then theirs.
        const nested = (node.children ?? []).filter((c) => c.type === 'table' || c.type === 'list');
        if (nested.length > 0) paragraphsOf(nested, out);
        else out.push(textOf(node));
        break;
      }
      case 'image':
      case 'chart':
      case 'drawing':
      case 'slideMaster':
      case 'header':
      case 'footer':
      case 'comment':
      case 'break':
        // Pictures have no text here (OCR is for scanned PDFs), and running heads repeat on every page.
        break;
      default: {
        // Slides, pages, notes and the like hold paragraphs; a sheet holds its rows directly.
        const children = node.children ?? [];
        if (children.length > 0 && children.every((c) => c.type === 'row')) out.push(...tableParagraphs(rowsOf(children)));
        else if (children.length > 0) paragraphsOf(children, out);
        else out.push(textOf(node));
      }
    }
  }
  return out;
}

export async function extractOffice(bytes: Uint8Array, limits: ExtractLimits): Promise<ExtractedText> {
  if (isZip(bytes)) checkZip(bytes, Math.max(limits.maxDecodedBytes, DECODED_PER_FILE_BYTE * bytes.length));
  // Loaded on first use: it brings its own pdf.js and OCR engine, which a build of text files never needs.
  const { OfficeParser } = await import('officeparser');
  const ast = await OfficeParser.parseOffice(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    ocr: false,
    extractAttachments: false,
    includeRawContent: false,
    ignoreComments: true,
  });
  const text = paragraphsOf(ast.content, [])
    .filter((p) => p !== '')
    .join('\n\n');
  const title = folded(ast.metadata?.title);
  return title ? { text, declaredTitle: title } : { text };
}
