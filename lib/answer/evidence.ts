/**
 * Scores every sentence of the retrieved passages against the question:
 * IDF-weighted term coverage, embedding similarity (vectors computed at build
 * time), the rank of the passage it came from, and whether it has the shape of
 * an answer to this type of question. Sentences that do not mention the names
 * the question is about are demoted. Then decides whether the evidence is too
 * weak to answer at all.
 */
import type { Sentence } from '../chunking';
import type { Config } from '../config';
import { dot } from '../embeddings';
import { row, type LoadedIndex } from '../index';
import type { RetrievedPassage } from '../retrieval';
import { countWords } from '../text/sentences';
import { tokenize } from '../text/tokenize';
import { hasCue, isMentioned, keyTerms, lookupOf, questionType, type KeyTerm, type QuestionType } from './question';

export interface ScoredSentence {
  /** Index into `LoadedIndex.sentences`. */
  readonly index: number;
  readonly sentence: Sentence;
  readonly title: string;
  readonly score: number;
  readonly terms: ReadonlySet<string>;
}

export interface Evidence {
  readonly type: QuestionType;
  /** The question's index terms, for judging what a sentence adds. */
  readonly queryTerms: ReadonlySet<string>;
  readonly sentences: ScoredSentence[];
  /** Why the question cannot be answered from the corpus, if it cannot. */
  readonly refusal?: string;
}

// Relative weight of each signal. Lexical coverage leads because the offline
// embedder separates related from unrelated sentences only coarsely.
const WEIGHTS = { lexical: 0.5, dense: 0.3, passage: 0.1, cue: 0.1 };
const SHORT_SENTENCE_WORDS = 6;
// Long sentences cover more question terms by chance; past this length they are discounted.
const LONG_SENTENCE_WORDS = 35;
const PENALTY = { short: 0.6, question: 0.5, heading: 0.5, offTopic: 0.5, foreign: 0.5 };
const STARTS_WITH_PRONOUN = /^(it|this|that|these|those|they|he|she|its|their|his|her|there)\b/i;

interface Candidate extends ScoredSentence {
  readonly dense: number;
  /** Whether the sentence's passage contains a content word of the question (names aside). */
  readonly sharesContent: boolean;
  readonly onTopic: boolean;
}

const ENGLISH = /\b(the|and|of|to|is|was|with|that|for|on|in)\b/gi;
const FRENCH = /(?<![\p{L}])(le|la|les|des|du|de|et|est|une|un|au|aux|à|dans|pour|sur)(?![\p{L}])/giu;

/** These articles are machine-translated and sometimes keep the original French caption. */
function looksForeign(text: string): boolean {
  return (text.match(FRENCH)?.length ?? 0) > (text.match(ENGLISH)?.length ?? 0);
}

function weightedCoverage(weights: ReadonlyMap<string, number>, present: ReadonlySet<string>): number {
  let total = 0;
  let covered = 0;
  for (const [term, idf] of weights) {
    total += idf;
    if (present.has(term)) covered += idf;
  }
  return total === 0 ? 0 : covered / total;
}

/** A paragraph of its own without closing punctuation: a heading or caption title. */
function isHeading(text: string, sentence: Sentence): boolean {
  const lineStart = sentence.start === 0 || text[sentence.start - 1] === '\n';
  const lineEnd = sentence.end === text.length || text[sentence.end] === '\n';
  return lineStart && lineEnd && !/[.!?…"”’)]$/.test(sentence.text);
}

/** How many of the question's names a passage must mention to be on topic. */
function namesRequired(count: number): number {
  return count <= 2 ? count : Math.ceil(count / 2);
}

function mentionsAny(names: readonly KeyTerm[], terms: ReadonlySet<string>): boolean {
  const lookup = lookupOf(terms);
  return names.length === 0 || names.some((n) => isMentioned(n, lookup));
}

export function gatherEvidence(
  index: LoadedIndex,
  passages: readonly RetrievedPassage[],
  query: { readonly text: string; readonly vector: Float32Array },
  settings: Config['answer'],
): Evidence {
  const type = questionType(query.text);
  const keys = keyTerms(query.text);
  const corpus = { has: (t: string) => index.term(t).present, terms: () => index.vocabulary() };
  const missing = keys.filter((term) => !isMentioned(term, corpus));
  if (missing.length > 0) {
    return { type, queryTerms: new Set(), sentences: [], refusal: `the corpus never mentions ${missing.map((t) => t.text).join(', ')}` };
  }
  const names = keys.filter((k) => k.kind === 'name');
  const nameTokens = new Set(names.flatMap((n) => n.forms.flatMap((f) => tokenize(f))));
  const idf = new Map(tokenize(query.text).map((t) => [t, index.term(t).idf]));
  const queryTerms = new Set(idf.keys());
  const content = [...idf.keys()].filter((t) => !nameTokens.has(t));

  const top = passages[0]?.score ?? 0;
  const seen = new Set<number>();
  const candidates: Candidate[] = [];
  for (const passage of passages) {
    const prior = top > 0 ? passage.score / top : 0;
    const docText = index.document(passage.docId)?.text ?? '';
    const range = index.sentenceRange(passage.docId);
    const inPassage: number[] = [];
    for (let i = range.from; i < range.to; i++) {
      const sentence = index.sentences[i];
      if (sentence && sentence.start >= passage.start && sentence.end <= passage.end) inPassage.push(i);
    }
    // A passage is whole sentences, so its terms are theirs.
    const passageTerms = new Set(inPassage.flatMap((i) => [...index.sentenceTerms(i)]));
    const passageSharesContent = content.length === 0 || content.some((t) => passageTerms.has(t));
    const passageOnTopic = names.filter((n) => isMentioned(n, lookupOf(passageTerms))).length >= namesRequired(names.length);
    let previousTerms: ReadonlySet<string> = new Set<string>();
    for (const i of inPassage) {
      const sentence = index.sentences[i] as Sentence;
      const terms = index.sentenceTerms(i);
      const leansBack = STARTS_WITH_PRONOUN.test(sentence.text);
      const onTopic = passageOnTopic && (mentionsAny(names, terms) || (leansBack && mentionsAny(names, previousTerms)));
      previousTerms = terms;
      if (seen.has(i)) continue;
      seen.add(i);
      const dense = Math.max(0, dot(query.vector, row(index.sentenceVectors, i)));
      let score =
        WEIGHTS.lexical * weightedCoverage(idf, terms) +
        WEIGHTS.dense * dense +
        WEIGHTS.passage * prior +
        WEIGHTS.cue * (hasCue(type, sentence.text) ? 1 : 0);
      const words = countWords(sentence.text);
      if (words < SHORT_SENTENCE_WORDS) score *= PENALTY.short;
      if (words > LONG_SENTENCE_WORDS) score /= 1 + (words - LONG_SENTENCE_WORDS) / 100;
      if (/\?["”’]?$/.test(sentence.text)) score *= PENALTY.question;
      if (isHeading(docText, sentence)) score *= PENALTY.heading;
      if (!onTopic) score *= PENALTY.offTopic;
      if (looksForeign(sentence.text)) score *= PENALTY.foreign;
      candidates.push({ index: i, sentence, title: passage.title, score, terms, dense, sharesContent: passageSharesContent, onTopic });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const sentences: ScoredSentence[] = candidates.map(({ index: i, sentence, title, score, terms }) => ({ index: i, sentence, title, score, terms }));

  const best = candidates[0];
  if (!best) return { type, queryTerms, sentences, refusal: 'no passage was retrieved' };
  if (!best.onTopic) return { type, queryTerms, sentences, refusal: `no retrieved sentence is about ${names.map((n) => n.text).join(', ')}` };
  if (!best.sharesContent && best.dense < settings.refusalMinDense) {
    return { type, queryTerms, sentences, refusal: `its passage shares no content word and the best sentence is only ${best.dense.toFixed(3)} similar` };
  }
  // A count or a date cannot be answered by a sentence that has none.
  if ((type === 'how-many' || type === 'when') && !hasCue(type, best.sentence.text)) {
    return { type, queryTerms, sentences, refusal: `the best sentence gives no ${type === 'when' ? 'date' : 'number'}` };
  }
  if (best.score < settings.refusalMinScore) {
    return { type, queryTerms, sentences, refusal: `the best sentence scores ${best.score.toFixed(3)} < ${settings.refusalMinScore}` };
  }
  return { type, queryTerms, sentences };
}
