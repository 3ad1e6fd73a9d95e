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
import type { Store } from '../store';
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
function quotable(index: Store, i: number, minWords: number): boolean {
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
function candidatesOf(index: Store, passages: readonly RetrievedPassage[] | undefined, policy: AnswerPolicy): Candidate[] {
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
      for (const i of index.sentencesIn(p)) add(i, p.title);
    }
    return out;
  }
  for (const doc of index.documents.slice(0, overview.maxDocuments)) {
    const { from, to } = index.sentencesOf(doc.id);
    for (let i = from, taken = 0; i < to && taken < overview.leadSentences; i++) {
      const before = out.length;
      add(i, doc.title);
      if (out.length > before) taken++;
    }
  }
  return out;
}

/**
 * An overview of `passages` (or of the whole collection when absent), or undefined when nothing is quotable;
 * `focus` is the request's vector when it names something.
 */
export async function summaryAnswer(
  index: Store,
  passages: readonly RetrievedPassage[] | undefined,
  policy: AnswerPolicy,
  focus?: Float32Array,
): Promise<ExtractiveAnswer | undefined> {
  const { overview } = policy;
  const candidates = candidatesOf(index, passages, policy);
  if (candidates.length === 0) return undefined;
  const vectors = await index.sentenceVectors(candidates.map((c) => c.index));
  const center = vectors.centroid(candidates.map((c) => c.index));
  // An overview of something named leans toward what the request asks about ("the main reason for the delay"),
  // not only toward what the retrieved passages say most: MMR's relevance to the query.
  const lean = focus ? overview.query : 0;
  const relevance = (i: number) => (focus ? lean * vectors.score(focus, i) : 0) + (1 - lean) * vectors.score(center, i);
  const centrality = new Map(candidates.map((c) => [c.index, relevance(c.index)]));
  const chosen: Candidate[] = [];
  let words = 0;
  const open = [...candidates];
  while (open.length > 0) {
    let pick = -1;
    let top = -Infinity;
    open.forEach((c, k) => {
      if (words + c.words > overview.words) return;
      const redundancy = Math.max(0, ...chosen.map((q) => vectors.similarity(q.index, c.index)));
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
