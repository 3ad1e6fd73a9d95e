/**
 * The extractive answerer: quotes the best sentences verbatim, each followed by
 * its citation marker. It picks the top sentence, adds others that score close
 * to it and say something new (MMR over sentence vectors), pulls in the
 * sentence a pronoun refers back to, and orders them as they stand in their
 * documents. It writes no words of its own.
 */
import type { Config } from '../config';
import { dot } from '../embeddings';
import { row, type LoadedIndex } from '../index';
import { countWords } from '../text/sentences';
import { quoteText } from './quote';
import type { Evidence, ScoredSentence } from './evidence';
import type { Citation } from './types';

const CLOSE_TO_BEST = 0.75;
// A short answer, or the sentence that continues a chosen one in its paragraph, needs less.
const CLOSE_ENOUGH = 0.5;
const REDUNDANT = 0.8;
const COHERENT = 0.5;
const INFORMATIVE_WORDS = 12;
const STARTS_WITH_PRONOUN = /^(it|this|that|these|those|they|he|she|its|their|his|her|there)\b/i;

export interface ExtractiveAnswer {
  readonly answer: string;
  readonly citations: Citation[];
  /** The answer in display order, one piece per cited sentence (for streaming). */
  readonly pieces: string[];
}

function similarity(index: LoadedIndex, a: number, b: number): number {
  return dot(row(index.sentenceVectors, a), row(index.sentenceVectors, b));
}

/** Whether `candidate` is the next sentence after a chosen one, in the same paragraph. */
function continues(index: LoadedIndex, chosen: readonly ScoredSentence[], candidate: ScoredSentence): boolean {
  return chosen.some((c) => {
    if (c.index + 1 !== candidate.index || c.sentence.docId !== candidate.sentence.docId) return false;
    const between = index.document(c.sentence.docId)?.text.slice(c.sentence.end, candidate.sentence.start) ?? '\n';
    return !between.includes('\n');
  });
}

function select(index: LoadedIndex, evidence: Evidence, settings: Config['answer']): ScoredSentence[] {
  const ranked = evidence.sentences;
  const [best] = ranked;
  if (!best) return [];
  // Scores are compressed (every sentence of a retrieved passage shares some signal), so
  // relevance is measured above the median candidate rather than from zero.
  const floor = ranked[Math.floor(ranked.length / 2)]?.score ?? 0;
  const span = best.score - floor;
  const chosen: ScoredSentence[] = [best];
  let words = countWords(best.sentence.text);
  const covered = new Set([...best.terms].filter((t) => evidence.queryTerms.has(t)));
  for (const candidate of ranked.slice(1)) {
    if (chosen.length >= settings.maxSentences) break;
    const length = countWords(candidate.sentence.text);
    if (words + length > settings.maxWords) continue;
    const closest = Math.max(...chosen.map((c) => similarity(index, c.index, candidate.index)));
    if (closest >= REDUNDANT) continue;
    const relevance = span > 0 ? (candidate.score - floor) / span : 0;
    const newTerms = [...candidate.terms].filter((t) => evidence.queryTerms.has(t) && !covered.has(t));
    // The sentence right after a chosen one, on the same subject, usually completes it.
    const completes = continues(index, chosen, candidate) && closest >= COHERENT;
    const relevant = relevance >= (words < settings.minWords ? CLOSE_ENOUGH : CLOSE_TO_BEST);
    // A short sentence must bring a term of the question; a longer one may bring the answer itself.
    const informative = newTerms.length > 0 || length >= INFORMATIVE_WORDS;
    if (!completes && !(relevant && informative)) continue;
    chosen.push(candidate);
    words += length;
    for (const t of newTerms) covered.add(t);
  }
  return withAntecedents(index, chosen);
}

/** A chosen sentence opening with a pronoun brings the sentence before it, if that one is not already in. */
function withAntecedents(index: LoadedIndex, chosen: readonly ScoredSentence[]): ScoredSentence[] {
  const out = [...chosen];
  const have = new Set(chosen.map((c) => c.index));
  for (const c of chosen) {
    if (!STARTS_WITH_PRONOUN.test(c.sentence.text)) continue;
    const previous = index.sentences[c.index - 1];
    if (!previous || previous.docId !== c.sentence.docId || have.has(c.index - 1)) continue;
    have.add(c.index - 1);
    out.push({ index: c.index - 1, sentence: previous, title: c.title, score: c.score, terms: new Set() });
  }
  return out;
}

/** Documents in order of their best sentence; sentences in text order within a document. */
function readingOrder(chosen: readonly ScoredSentence[]): ScoredSentence[] {
  const docRank = new Map<string, number>();
  for (const c of [...chosen].sort((a, b) => b.score - a.score)) if (!docRank.has(c.sentence.docId)) docRank.set(c.sentence.docId, docRank.size);
  return [...chosen].sort((a, b) => (docRank.get(a.sentence.docId) ?? 0) - (docRank.get(b.sentence.docId) ?? 0) || a.index - b.index);
}

export function extractiveAnswer(index: LoadedIndex, evidence: Evidence, settings: Config['answer']): ExtractiveAnswer {
  const ordered = readingOrder(select(index, evidence, settings));
  const citations: Citation[] = ordered.map((c, i) => ({
    id: i + 1,
    doc: c.sentence.docId,
    title: c.title,
    text: c.sentence.text,
    start: c.sentence.start,
    end: c.sentence.end,
    score: Math.round(c.score * 1e4) / 1e4,
  }));
  const pieces = ordered.map((c, i) => `${i === 0 ? '' : ' '}${quoteText(c.sentence.text)} [${i + 1}]`);
  return { answer: pieces.join(''), citations, pieces };
}
