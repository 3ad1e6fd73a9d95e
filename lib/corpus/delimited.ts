/** CSV and TSV files through csv-parse: each row one paragraph that carries its header names (./table). */
import { parse } from 'csv-parse/sync';
import type { ExtractedText } from './extract';
import { tableParagraphs } from './table';

export function extractDelimited(raw: string, delimiter: ',' | '\t'): ExtractedText {
  const rows = parse(raw.replace(/^\uFEFF/, ''), {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as string[][];
  return { text: tableParagraphs(rows).join('\n\n') };
}
