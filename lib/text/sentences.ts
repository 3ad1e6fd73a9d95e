/**
 * Sentence boundaries with character offsets. Line breaks always end a
 * sentence (paragraphs and headings); inside a line a terminator ends one only
 * when the next word starts like a sentence and the word before is not an
 * abbreviation, an initial or an acronym such as "U.S.".
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

// Abbreviations written capitalised ("Mr.", "Jan.", "Gen."); lower-case "sun." or "no." still end sentences.
const TITLE_ABBREVIATIONS = new Set([
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'Prof',
  'St',
  'Jr',
  'Sr',
  'Gen',
  'Col',
  'Lt',
  'Sgt',
  'Capt',
  'Cmdr',
  'Adm',
  'Gov',
  'Sen',
  'Rep',
  'Rev',
  'Hon',
  'Pres',
  'Dept',
  'Univ',
  'Fig',
  'Vol',
  'Mt',
  'Ft',
  'Inc',
  'Ltd',
  'Co',
  'Corp',
  'No',
  'Nos',
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Sept',
  'Oct',
  'Nov',
  'Dec',
  'Mon',
  'Tue',
  'Wed',
  'Thu',
  'Fri',
  'Sat',
  'Sun',
]);
const ANY_CASE_ABBREVIATIONS = new Set(['etc', 'e.g', 'i.e', 'eg', 'ie', 'viz', 'incl', 'cf', 'al', 'approx', 'vs', 'pp']);

const CLOSERS = `"'”’»)]`;
const OPENERS = `"'“‘«([`;

function isSentenceStart(ch: string | undefined): boolean {
  if (!ch) return false;
  return /\p{Lu}|\p{N}/u.test(ch) || OPENERS.includes(ch) || /[\p{So}\p{Sk}►•\-–—]/u.test(ch);
}

/** The word immediately before position `dot` (exclusive), including inner dots ("U.S", "e.g"). */
function wordBefore(text: string, dot: number): string {
  let i = dot;
  while (i > 0 && /[\p{L}\p{N}.]/u.test(text[i - 1] ?? '')) i--;
  return text.slice(i, dot);
}

function isAbbreviation(word: string): boolean {
  if (word === '') return false;
  if (TITLE_ABBREVIATIONS.has(word) || ANY_CASE_ABBREVIATIONS.has(word.toLowerCase())) return true;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "J. Smith"
  return /^(\p{L}\.)+\p{L}$/u.test(word); // acronym with inner dots: "U.S", "U.K"
}

/** The sentence so far is only a number at the start of a line: a numbered heading or list item ("5. Caveats"). */
function isLineNumber(text: string, start: number, dot: number): boolean {
  return /^\s*\d{1,3}$/.test(text.slice(start, dot));
}

function trimSpan(text: string, start: number, end: number): Span | null {
  while (start < end && /\s/u.test(text[start] ?? '')) start++;
  while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
  return end > start ? { start, end } : null;
}

/** Splits `text` into sentence spans; every non-blank character belongs to exactly one span. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    const span = trimSpan(text, start, end);
    if (span) spans.push(span);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\n') {
      push(i);
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') continue;
    let end = i + 1;
    while (end < text.length && (/[.!?…]/.test(text[end] ?? '') || CLOSERS.includes(text[end] ?? ''))) end++;
    if (end < text.length && !/[ \t]/.test(text[end] ?? '')) continue; // "3.5", "U.S.-led", "word.Next"
    let next = end;
    while (next < text.length && /[ \t]/.test(text[next] ?? '')) next++;
    if (next < text.length && text[next] !== '\n' && !isSentenceStart(text[next])) continue;
    if (ch === '.' && end === i + 1 && isAbbreviation(wordBefore(text, i))) continue;
    if (ch === '.' && end === i + 1 && isLineNumber(text, start, i)) continue;
    push(end);
    i = end - 1;
  }
  push(text.length);
  return spans;
}

/** Number of whitespace-separated words. */
export function countWords(text: string): number {
  const matches = text.match(/\S+/g);
  return matches ? matches.length : 0;
}
