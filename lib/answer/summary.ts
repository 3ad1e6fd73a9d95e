/**
 * An extractive overview: a few sentences that together cover what a set of
 * sentences says, each quoted whole with its citation. Central sentences (near
 * the centroid of the candidates' vectors, so they say what many others say)
 * are picked by maximal marginal relevance, so each adds a point the others
 * have not made; a new document is preferred to a second sentence of one
 * already quoted. Documents are quoted in the order of their most central
 * sentence, sentences in text order. Scoped by the question (its retrieved passages, and closeness to
 * the request) when it names something, else over the beginnings of every document.
 */
import type { Sentence } from '../chunking';
import { dot } from '../embeddings';
import { row, type LoadedIndex } from '../index';
import type { RetrievedPassage } from '../retrieval';
import { countWords } from '../text/sentences';
import { isStopWord, words as wordsOf } from '../text/tokenize';
import { isHeading } from './evidence';
import { quoted, type ExtractiveAnswer } from './extractive';
import type { AnswerPolicy } from './policy';

interface Candidate {
  readonly index: number;
  readonly sentence: Sentence;
  readonly title: string;
  readonly words: number;
}

/** Sentences an overview may quote: whole statements, not headings, questions, captions or fragments. */
function quotable(index: LoadedIndex, i: number, minWords: number): boolean {
  const sentence = index.sentences[i];
  if (!sentence) return false;
  const text = index.document(sentence.docId)?.text ?? '';
  return (
    countWords(sentence.text) >= minWords &&
    !isHeading(text, sentence) &&
    !/\?["”’]?$/.test(sentence.text) &&
    wordsOf(sentence.text).some(isStopWord)
  );
}

/** The candidates: the sentences of the retrieved passages, or the first sentences of every document. */
function candidatesOf(index: LoadedIndex, passages: readonly RetrievedPassage[] | undefined, policy: AnswerPolicy): Candidate[] {
  const { overview } = policy;
  const out: Candidate[] = [];
  const seen = new Set<number>();
  const add = (i: number, title: string) => {
    const sentence = index.sentences[i];
    if (!sentence || seen.has(i) || !quotable(index, i, overview.minWords)) return;
    seen.add(i);
    out.push({ index: i, sentence, title, words: countWords(sentence.text) });
  };
  if (passages) {
    for (const p of passages) {
      const { from, to } = index.sentenceRange(p.docId);
      for (let i = from; i < to; i++) {
        const s = index.sentences[i];
        if (s && s.start >= p.start && s.end <= p.end) add(i, p.title);
      }
    }
    return out;
  }
  for (const doc of index.documents.slice(0, overview.maxDocuments)) {
    const { from, to } = index.sentenceRange(doc.id);
    for (let i = from, taken = 0; i < to && taken < overview.leadSentences; i++) {
      const before = out.length;
      add(i, doc.title);
      if (out.length > before) taken++;
    }
  }
  return out;
}

function centroid(index: LoadedIndex, candidates: readonly Candidate[]): Float32Array {
  const first = candidates[0];
  const sum = new Float32Array(first ? row(index.sentenceVectors, first.index).length : 0);
  for (const c of candidates) {
    const v = row(index.sentenceVectors, c.index);
    for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] ?? 0) + (v[k] ?? 0);
  }
  const norm = Math.hypot(...sum) || 1;
  return sum.map((x) => x / norm);
}

/**
 * An overview of `passages` (or of the whole collection when absent), or undefined when nothing is quotable;
 * `focus` is the request's vector when it names something.
 */
export function summaryAnswer(
  index: LoadedIndex,
  passages: readonly RetrievedPassage[] | undefined,
  policy: AnswerPolicy,
  focus?: Float32Array,
): ExtractiveAnswer | undefined {
  const { overview } = policy;
  const candidates = candidatesOf(index, passages, policy);
  if (candidates.length === 0) return undefined;
  const center = centroid(index, candidates);
  // An overview of something named leans toward what the request asks about ("the main reason for the delay"),
  // not only toward what the retrieved passages say most: MMR's relevance to the query.
  const lean = focus ? overview.query : 0;
  const relevance = (i: number) =>
    (focus ? lean * dot(focus, row(index.sentenceVectors, i)) : 0) + (1 - lean) * dot(center, row(index.sentenceVectors, i));
  const centrality = new Map(candidates.map((c) => [c.index, relevance(c.index)]));
  const chosen: Candidate[] = [];
  let words = 0;
  const open = [...candidates];
  while (open.length > 0) {
    let pick = -1;
    let top = -Infinity;
    open.forEach((c, k) => {
      if (words + c.words > overview.words) return;
      const redundancy = Math.max(0, ...chosen.map((q) => dot(row(index.sentenceVectors, q.index), row(index.sentenceVectors, c.index))));
      const sameDocument = chosen.some((q) => q.sentence.docId === c.sentence.docId) ? overview.sameDocument : 0;
      const value = overview.mmr * (centrality.get(c.index) ?? 0) - (1 - overview.mmr) * redundancy - sameDocument;
      if (value > top) [pick, top] = [k, value];
    });
    if (pick < 0) break;
    const [c] = open.splice(pick, 1) as [Candidate];
    chosen.push(c);
    words += c.words;
  }
  return quoted(chosen.map((c) => ({ index: c.index, sentence: c.sentence, title: c.title, score: centrality.get(c.index) ?? 0 })));
}
