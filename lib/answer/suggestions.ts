/**
 * Suggested questions for an empty chat, taken from the corpus: the people
 * most often quoted ("What did Liz Truss say?"). Each candidate is answered
 * before it is offered and kept only if it is not refused, so a suggestion
 * never leads to "the articles don't cover this". Cached per index version.
 */
import { promiseCache } from '../memo';
import { isStopWord } from '../text/tokenize';
import { answer, type AnswerContext } from './service';

const SPEECH = /\b(said|says|warned|declared|told|stated|argued|reacted|pleaded|added|insisted|stressed)\b/;
const NAME = /\b(\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+){1,2})\b/gu;
// Capitalised words that make up titles and institutions rather than people's names.
const NOT_PERSON = new Set(
  `Minister Ministry Secretary State States Defense Defence Foreign Affairs General President Prime Chancellor House Commons
  Department Government Federal Embassy Council Union United Kingdom Europe European American Russian British German
  Ukrainian Western Westerners Kremlin Foreign Head Deputy Senior Spokesman Spokeswoman Monday Tuesday Wednesday Thursday
  Friday Saturday Sunday January February March April May June July August September October November December News
  Alliance Atlantic Organization Agency Service Press Party Assembly`.split(/\s+/),
);

const cached = promiseCache<string[]>('suggestions');

function quotedPeople(sentences: readonly { text: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const { text } of sentences) {
    if (!SPEECH.test(text)) continue;
    const seen = new Set<string>();
    for (const match of text.matchAll(NAME)) {
      const name = match[1] ?? '';
      const words = name.split(/[- ]/);
      if (words.some((word) => NOT_PERSON.has(word) || isStopWord(word.toLowerCase())) || seen.has(name)) continue;
      seen.add(name);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

async function compute(context: AnswerContext, limit: number): Promise<string[]> {
  const quiet = { ...context, logger: { log: () => undefined } };
  const out: string[] = [];
  for (const person of quotedPeople(context.retriever.index.sentences)) {
    if (out.length >= limit) break;
    const question = `What did ${person} say?`;
    const result = await answer({ question }, quiet);
    if (!result.refused) out.push(question);
  }
  return out;
}

export function suggestedQuestions(context: AnswerContext, limit = 4): Promise<string[]> {
  return cached(`${context.retriever.index.manifest.version}:${limit}`, () => compute(context, limit));
}
