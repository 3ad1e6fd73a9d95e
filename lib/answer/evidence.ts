/**
 * Evidence for a question, in two steps. `collectEvidence` measures every
 * sentence of the retrieved passages (term coverage, embedding similarity, the
 * score of its passage, whether it has the shape of an answer (by the policy's
 * cue lists), whether its passage names what the question is about); it knows no weights. `weighEvidence` turns
 * those measurements into scores, a refusal or a confidence under a policy.
 * Keeping them apart lets `npm run fit-policy` try many policies on one
 * retrieval.
 */
import type { Sentence } from '../chunking';
import type { SentenceVectors, Store } from '../store';
import type { RetrievedPassage } from '../retrieval';
import { countWords } from '../text/sentences';
import { denies } from '../text/english';
import { tokenize } from '../text/tokenize';
import { DEFAULT_MODEL, supportOf, type AnswerModel } from './model';
import type { AnswerPolicy } from './policy';
import type { Confidence } from './types';
import { type CueLists, hasCue, isMentioned, type KeyTerm, lookupOf, type QuestionType } from './question';
import type { TurnAnalysis } from './turn';

/** What is known of a sentence as evidence for a question; the policy turns it into a score. */
export interface SentenceFeatures {
  /** Share of the question's IDF-weighted terms the sentence contains. */
  readonly lexical: number;
  /** The same for the terms of the user's last message only (all of them unless the question is a follow-up). */
  readonly lexicalFocus: number;
  /** Embedding similarity to the question. */
  readonly dense: number;
  /** Its passage's retrieval score relative to the best passage. */
  readonly passage: number;
  /** It has the shape of an answer to this type of question. */
  readonly cue: boolean;
  /** Share of the question's names its passage or document title mentions; 1 when it names none. */
  readonly passageNames: number;
  readonly words: number;
  /** The question's numbers that neither it nor its neighbours have: a false year or count. */
  readonly numbersUnmatched: number;
  /** It or a neighbour negates or denies something ("not", "refused"). */
  readonly negated: boolean;
}

/** What is known of the question itself, for the refusal model. */
export interface QuestionFeatures {
  /** It negates something ("Who did not…", "never"): SQuAD 2.0's most common way to ask what a text does not say. */
  readonly negated: boolean;
}

export interface CandidateSentence {
  /** Index into `Store.sentences`. */
  readonly index: number;
  readonly sentence: Sentence;
  readonly title: string;
  readonly features: SentenceFeatures;
}

export interface ScoredSentence extends CandidateSentence {
  readonly score: number;
}

/** The measurements of one question's evidence, before any policy. */
export interface CollectedEvidence {
  readonly type: QuestionType;
  /** The terms the question takes for granted (see premise.ts). */
  readonly premise: readonly string[];
  /** Names and numbers of the question the corpus never mentions. */
  readonly missing: readonly KeyTerm[];
  readonly names: readonly KeyTerm[];
  readonly question: QuestionFeatures;
  readonly candidates: readonly CandidateSentence[];
  /** The candidates' vectors, fetched once, for comparing them with each other. */
  readonly vectors: SentenceVectors;
}

export interface Evidence {
  readonly type: QuestionType;
  readonly premise: readonly string[];
  /** Best first. */
  readonly sentences: ScoredSentence[];
  /** Why the question cannot be answered from the corpus, if it cannot. */
  readonly refusal?: string;
  /** How sure an answer from these sentences is. */
  readonly confidence: Exclude<Confidence, 'none'>;
  /** The answer model's probability that the best sentence answers the question (0 when refused before it is asked). */
  readonly support: number;
  /** The sentences' vectors (see CollectedEvidence). */
  readonly vectors: SentenceVectors;
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

/**
 * A line of its own without closing punctuation: a heading or a caption title.
 * A line ending in a colon introduces what follows (a list, a command), so it is not one.
 */
export function isHeading(text: string, sentence: Sentence): boolean {
  const lineStart = sentence.start === 0 || text[sentence.start - 1] === '\n';
  const lineEnd = sentence.end === text.length || text[sentence.end] === '\n';
  return lineStart && lineEnd && !/[.!?…"”’):]$/.test(sentence.text);
}

function shareMentioned(names: readonly KeyTerm[], terms: ReadonlySet<string>): number {
  if (names.length === 0) return 1;
  const lookup = lookupOf(terms);
  return names.filter((n) => isMentioned(n, lookup)).length / names.length;
}

/**
 * Whether any document has this string, in any case: the retrieved passages first, which have it whenever the
 * corpus discusses it, then every document (a scan, but only for the rare question with a code-shaped word).
 */
function corpusContains(index: Store, passages: readonly RetrievedPassage[], text: string): boolean {
  const pattern = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return passages.some((p) => pattern.test(p.text)) || index.documents.some((d) => pattern.test(d.text));
}

/**
 * How much finding each question term in a sentence says: its corpus IDF times
 * its IDF among the retrieved sentences. A term every retrieved sentence has
 * (the product a manual is about) tells them apart less than one only the
 * answer has ("reviewed", "protects").
 */
function termWeights(index: Store, sentencesByPassage: readonly (readonly number[])[], terms: readonly string[]): Map<string, number> {
  const retrieved = new Set(sentencesByPassage.flat());
  const df = new Map(terms.map((t) => [t, 0]));
  for (const i of retrieved) for (const t of index.sentenceTerms(i)) if (df.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(1, retrieved.size);
  return new Map(terms.map((t) => [t, index.term(t).idf * Math.log(1 + n / ((df.get(t) ?? 0) + 0.5))]));
}

/**
 * Measures the retrieved sentences against the question. `query` is what was searched (a follow-up made
 * standalone); `turn` is the user's own question, analysed once: the names that must be in the corpus, the
 * premise and the terms of the asking sentence are taken from it, not from context a follow-up was given for
 * retrieval.
 */
export async function collectEvidence(
  index: Store,
  passages: readonly RetrievedPassage[],
  query: { readonly text: string; readonly vector: Float32Array },
  turn: TurnAnalysis,
  cues: CueLists,
): Promise<CollectedEvidence> {
  const { type, premise, keys } = turn;
  const corpus = {
    has: (t: string) => index.term(t).present,
    terms: () => index.vocabulary(),
    contains: (text: string) => corpusContains(index, passages, text),
  };
  const missing = keys.filter((term) => !isMentioned(term, corpus));
  const names = keys.filter((k) => k.kind === 'name');
  // The question's numbers, which a sentence that answers it has near it (a false year or count is not there).
  const numbers = [...new Set(turn.terms.filter((t) => /^\p{N}+$/u.test(t)))];
  const question = { negated: turn.negated };
  if (missing.length > 0) return { type, premise, missing, names, question, candidates: [], vectors: await index.sentenceVectors([]) };

  const queryTerms = [...new Set(tokenize(query.text))];
  const top = passages[0]?.score ?? 0;
  const sentencesByPassage = passages.map((p) => index.sentencesIn(p));
  const vectors = await index.sentenceVectors(new Set(sentencesByPassage.flat()));
  const idf = termWeights(index, sentencesByPassage, queryTerms);
  const focusTerms = new Set(turn.askingTerms);
  const focusIdf = new Map([...idf].filter(([t]) => focusTerms.has(t)));
  const sameDoc = (i: number, docId: string): boolean => index.sentences[i]?.docId === docId;
  /** The question's numbers a sentence and its neighbours lack, and whether they negate. */
  const around = (i: number, docId: string): Pick<SentenceFeatures, 'numbersUnmatched' | 'negated'> => {
    const near = [i - 1, i, i + 1].filter((j) => sameDoc(j, docId));
    const has = (t: string) => near.some((j) => index.sentenceTerms(j).has(t));
    return {
      numbersUnmatched: numbers.filter((t) => !has(t)).length,
      negated: near.some((j) => denies(index.sentences[j]?.text ?? '')),
    };
  };
  const seen = new Set<number>();
  const candidates: CandidateSentence[] = [];
  for (const [rank, passage] of passages.entries()) {
    const inPassage = sentencesByPassage[rank] ?? [];
    // A passage is whole sentences, so its terms are theirs; the title speaks for every passage of its document.
    const passageTerms = new Set([...inPassage.flatMap((i) => [...index.sentenceTerms(i)]), ...tokenize(passage.title)]);
    const passageNames = shareMentioned(names, passageTerms);
    for (const i of inPassage) {
      if (seen.has(i)) continue;
      const sentence = index.sentences[i] as Sentence;
      const terms = index.sentenceTerms(i);
      seen.add(i);
      candidates.push({
        index: i,
        sentence,
        title: passage.title,
        features: {
          lexical: weightedCoverage(idf, terms),
          lexicalFocus: weightedCoverage(focusIdf, terms),
          dense: Math.max(0, vectors.score(query.vector, i)),
          passage: top > 0 ? passage.score / top : 0,
          cue: hasCue(type, sentence.text, cues),
          passageNames,
          words: countWords(sentence.text),
          ...around(i, sentence.docId),
        },
      });
    }
  }
  return { type, premise, missing, names, question, candidates, vectors };
}

/** Its passage mentions enough of the question's names to be about what the question is about. */
function onTopic(f: SentenceFeatures, policy: AnswerPolicy): boolean {
  return f.passageNames >= policy.onTopicNames;
}

/** A sentence's relevance under the policy: weighted signals, then multipliers for sentences that rarely answer. */
export function scoreOf(f: SentenceFeatures, policy: AnswerPolicy): number {
  const { weights: w, penalties: p } = policy;
  let score =
    w.lexical * ((1 - w.focus) * f.lexical + w.focus * f.lexicalFocus) +
    w.dense * f.dense +
    w.passage * f.passage +
    w.cue * (f.cue ? 1 : 0);
  if (!onTopic(f, policy)) score *= p.offTopic;
  return score;
}

/** Scores, ranks and judges collected evidence under a policy, refusing where the answer model doubts an answer. */
export function weighEvidence(collected: CollectedEvidence, policy: AnswerPolicy, model: AnswerModel = DEFAULT_MODEL): Evidence {
  const { type, premise, missing, names, vectors } = collected;
  const sentences = collected.candidates
    .map((c) => ({ ...c, score: scoreOf(c.features, policy) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const refuse = (refusal: string, support = 0): Evidence => ({ type, premise, sentences, refusal, confidence: 'low', support, vectors });
  if (missing.length > 0) return refuse(`the corpus never mentions ${missing.map((t) => t.text).join(', ')}`);
  const best = sentences[0];
  if (!best) return refuse('no passage was retrieved');
  const f = best.features;
  if (!onTopic(f, policy)) return refuse(`no retrieved passage is about ${names.map((n) => n.text).join(', ')}`);
  if (best.score < policy.refusal.minScore) return refuse(`the best sentence scores ${best.score.toFixed(3)} < ${policy.refusal.minScore}`);
  const support = supportOf(model, collected, sentences);
  if (support < model.refusal.threshold)
    return refuse(
      `the answer model gives ${support.toFixed(2)} < ${model.refusal.threshold.toFixed(2)} that an answer from it is right`,
      support,
    );
  // A count or a date is only sure when a chosen sentence has one.
  const shaped = (type !== 'how-many' && type !== 'when') || f.cue;
  const confidence: Evidence['confidence'] =
    support >= policy.confidence.high && shaped ? 'high' : support >= policy.confidence.medium && shaped ? 'medium' : 'low';
  return { type, premise, sentences, confidence, support, vectors };
}

export async function gatherEvidence(
  index: Store,
  passages: readonly RetrievedPassage[],
  query: { readonly text: string; readonly vector: Float32Array },
  turn: TurnAnalysis,
  policy: AnswerPolicy,
  model: AnswerModel = DEFAULT_MODEL,
): Promise<Evidence> {
  return weighEvidence(await collectEvidence(index, passages, query, turn, policy.cues), policy, model);
}
