/**
 * Lexical terms shared by the BM25 index and lexical scoring: lower-cased,
 * accents folded ("Choïgou" matches "Choigou"), stop words dropped, Porter-stemmed
 * so "refused" meets "refuse". Numbers keep their digits ("100,000" → "100000").
 */
import { stemmer } from 'stemmer';

const STOP_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves also said says say according s t d ll m re ve
  many much kind regarding concerning`.split(/\s+/),
);

/** Lower-case, fold diacritics and join digit groups, without dropping anything. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/(\d)[,.](?=\d{3}\b)/g, '$1');
}

/** Word tokens before stop-word removal and stemming. */
export function words(text: string): string[] {
  return normalizeForMatch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Index terms for `text`. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    out.push(/^\p{N}+$/u.test(word) ? word : stemmer(word));
  }
  return out;
}
