/**
 * A table as paragraphs, one per row, each carrying its header names
 * ("Country: Kenya; Capital: Nairobi"): a row can then be found by what its
 * columns mean, and quoted and cited on its own. Spreadsheets, CSV files and
 * the tables of office documents all read this way.
 */

const blank = (cell: string) => cell.trim() === '';
const folded = (cell: string) => cell.replace(/\s+/g, ' ').trim();

/** A first row that names columns: every cell filled, none a bare number. */
function isHeader(row: readonly string[]): boolean {
  return row.length > 0 && row.every((c) => !blank(c) && !/^[-+]?[\d.,\s%]+$/.test(c));
}

/** The rows as paragraphs; a first row that names the columns labels every later row's cells and is not repeated. */
export function tableParagraphs(rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((row) => row.map(folded)).filter((row) => row.some((c) => !blank(c)));
  const [first, ...rest] = cells;
  if (!first) return [];
  if (rest.length === 0 || !isHeader(first)) return cells.map((row) => row.filter((c) => !blank(c)).join('; '));
  return rest.map((row) =>
    row
      .map((cell, i) => (blank(cell) ? '' : first[i] ? `${first[i]}: ${cell}` : cell))
      .filter((c) => c !== '')
      .join('; '),
  );
}
