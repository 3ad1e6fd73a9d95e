/**
 * The words the assistant uses for its corpus, from CORPUS_NAME and
 * CORPUS_DESCRIPTION: "The documents don't cover this" by default, "The news
 * articles don't cover this" when so configured. Nothing else in the answer
 * layer names the corpus.
 */
import type { Config } from '../config';

export type CorpusWording = Config['corpus'];

export function refusalText(corpus: CorpusWording): string {
  return `The ${corpus.name} don't cover this question, so I can't answer it from them.`;
}

/** What opens an answer whose quoted sentence denies what the question takes for granted. */
export function correctionText(corpus: CorpusWording): string {
  return `The ${corpus.name} say otherwise:`;
}

/** What the model is told the passages are. */
export function corpusPhrase(corpus: CorpusWording): string {
  return corpus.description ? `${corpus.name} (${corpus.description})` : corpus.name;
}
