/**
 * The file names the corpus takes, in one place: the loader reads them, the
 * upload route accepts them and the page's file picker offers them. Pure data,
 * so the page can import it without the parsers.
 */
import type { DocumentFormat } from './types';

const EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

/** Every extension a document may have, lower case with its dot. */
export const DOCUMENT_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

export function formatOf(fileName: string): DocumentFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[fileName.slice(dot).toLowerCase()];
}
