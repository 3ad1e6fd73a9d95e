import { spanResult } from '../span';
import type { Store } from '../store';
import type { Sentence } from '../chunking';
import { countWords } from '../text/sentences';
import type { AnswerPolicy } from './policy';
import { leansBack } from './question';
import { quoteText } from './quote';
import { isHeading, type Evidence, type ScoredSentence } from './evidence';
import type { AnswerResponse, Citation } from './types';
import { denies } from './premise';
import { correctionText, refusalText, type CorpusWording } from './wording';

export interface ExtractiveAnswer {
  readonly answer: string;
  readonly citations: Citation[];
  /** The answer in display order, one piece per cited sentence (for streaming). */
  readonly pieces: string[];
}

/** A sentence to quote, with the score that orders documents. */
export interface Quoted {
  readonly index: number;
  readonly sentence: Sentence;
  readonly title: string;
  readonly score: number;
}

function headingAt(index: Store, sentence: Sentence): boolean {
  return isHeading(index.document(sentence.docId)?.text ?? '', sentence);
}

async function select(index: Store, evidence: Evidence, policy: AnswerPolicy, maxWords: number): Promise<Quoted[]> {
  const ranked = evidence.sentences;
  const [best] = ranked;
  if (!best) return [];
  const { selection } = policy;
  const budget = Math.min(selection.words, maxWords);
  const scores = new Map(ranked.map((s) => [s.index, s.score]));
  let { vectors } = evidence;
  const chosen = new Map<number, Quoted>();
  let words = 0;
  const take = (q: Quoted, length: number) => {
    chosen.set(q.index, q);
    words += length;
  };
  /**
   * The anchor, then the sentences that follow it in its section while the answer has fewer than `until` words,
   * each fits the budget and is relevant enough.
   */
  const grow = (anchor: ScoredSentence, until: number) => {
    if (!chosen.has(anchor.index)) {
      if (words + anchor.features.words > budget) return;
      take(anchor, anchor.features.words);
    }
    for (let i = anchor.index + 1; words < until; i++) {
      if (chosen.has(i)) continue;
      const next = index.sentences[i];
      if (!next || next.docId !== anchor.sentence.docId || headingAt(index, next)) return;
      const length = countWords(next.text);
      if (words + length > budget || (scores.get(i) ?? 0) < selection.continuation * best.score) return;
      take({ index: i, sentence: next, title: anchor.title, score: scores.get(i) ?? 0 }, length);
    }
  };
  grow(best, selection.anchorWords);
  for (const other of ranked.slice(1)) {
    if (other.score < selection.elsewhere * best.score) break;
    if (chosen.has(other.index)) continue;
    const compared = [...chosen.keys(), other.index];
    // A sentence grown past its passage's end is not among the evidence's vectors.
    if (!compared.every((i) => vectors.has(i))) vectors = await index.sentenceVectors(new Set([...compared, ...scores.keys()]));
    const closest = Math.max(...[...chosen.keys()].map((i) => vectors.similarity(i, other.index)));
    if (closest < selection.redundant) grow(other, words + selection.anchorWords);
  }
  grow(best, budget);
  return withAntecedents(index, [...chosen.values()], budget - words);
}

/** A chosen sentence opening with a pronoun brings the sentence before it, if that one is not already in and fits. */
function withAntecedents(index: Store, chosen: readonly Quoted[], room: number): Quoted[] {
  const out = [...chosen];
  let left = room;
  const have = new Set(chosen.map((c) => c.index));
  for (const c of chosen) {
    if (!leansBack(c.sentence.text)) continue;
    const previous = index.sentences[c.index - 1];
    // A heading names a section; it is not what "this" or "they" refers to.
    if (!previous || previous.docId !== c.sentence.docId || have.has(c.index - 1) || headingAt(index, previous)) continue;
    const words = countWords(previous.text);
    if (words > left) continue;
    left -= words;
    have.add(c.index - 1);
    out.push({ index: c.index - 1, sentence: previous, title: c.title, score: c.score });
  }
  return out;
}

/** Documents in order of their best sentence (`lead` first, when given); sentences in text order within a document. */
function readingOrder(chosen: readonly Quoted[], lead?: string): Quoted[] {
  const docRank = new Map<string, number>(lead === undefined ? [] : [[lead, 0]]);
  for (const c of [...chosen].sort((a, b) => b.score - a.score))
    if (!docRank.has(c.sentence.docId)) docRank.set(c.sentence.docId, docRank.size);
  return [...chosen].sort((a, b) => (docRank.get(a.sentence.docId) ?? 0) - (docRank.get(b.sentence.docId) ?? 0) || a.index - b.index);
}

/**
 * The quoted answer; when a quoted sentence denies what the question takes for granted, the answer says so
 * first and that sentence's document leads.
 */
async function answerOrCorrection(
  index: Store,
  evidence: Evidence,
  policy: AnswerPolicy,
  maxWords: number,
  corpus: CorpusWording,
): Promise<ExtractiveAnswer> {
  const chosen = await select(index, evidence, policy, maxWords);
  const denial = chosen.find((c) => denies(c.sentence.text, evidence.premise, policy.cues.deny, policy.premiseWindow));
  if (!denial) return quoted(chosen);
  const opening = `${correctionText(corpus)} `;
  // The opening's words come out of the budget: the weakest other sentences give way.
  const budget = Math.min(policy.selection.words, maxWords) - countWords(opening);
  const kept = [...chosen];
  let words = kept.reduce((n, c) => n + countWords(c.sentence.text), 0);
  for (const weakest of [...chosen].filter((c) => c !== denial).sort((a, b) => a.score - b.score)) {
    if (words <= budget) break;
    kept.splice(kept.indexOf(weakest), 1);
    words -= countWords(weakest.sentence.text);
  }
  const answer = quoted(kept, denial.sentence.docId);
  return { ...answer, answer: `${opening}${answer.answer}`, pieces: [opening, ...answer.pieces] };
}

/** What the extractive answerer replies to weighed evidence: a refusal in the corpus's words, or the quoted answer. */
export interface ExtractiveReply extends ExtractiveAnswer, Pick<AnswerResponse, 'refused' | 'confidence' | 'support' | 'kind'> {}

export async function extractiveReply(
  index: Store,
  evidence: Evidence,
  policy: AnswerPolicy,
  maxWords: number,
  corpus: CorpusWording,
): Promise<ExtractiveReply> {
  if (evidence.refusal) {
    const text = refusalText(corpus);
    return { answer: text, citations: [], pieces: [text], refused: true, confidence: 'none', support: evidence.support, kind: 'refusal' };
  }
  return {
    ...(await answerOrCorrection(index, evidence, policy, maxWords, corpus)),
    refused: false,
    confidence: evidence.confidence,
    support: evidence.support,
    kind: 'answer',
  };
}

/** Sentences quoted whole in reading order, each followed by its citation marker; `lead` names a document to quote first. */
export function quoted(chosen: readonly Quoted[], lead?: string): ExtractiveAnswer {
  const ordered = readingOrder(chosen, lead);
  const citations: Citation[] = ordered.map((c, i) => ({ id: i + 1, ...spanResult({ ...c.sentence, title: c.title, score: c.score }, 4) }));
  const pieces = ordered.map((c, i) => `${i === 0 ? '' : ' '}${quoteText(c.sentence.text)} [${i + 1}]`);
  return { answer: pieces.join(''), citations, pieces };
}
