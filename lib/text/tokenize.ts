/**
 * Lexical terms shared by the BM25 index and lexical scoring: lower-cased,
 * accents folded ("Choïgou" matches "Choigou"), stop words dropped, Porter-stemmed
 * so "refused" meets "refuse". Numbers keep their digits ("100,000" → "100000").
 */
import { stemmer } from 'stemmer';
import { STOP_WORDS } from './english';

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
