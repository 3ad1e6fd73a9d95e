/**
 * Suggested questions for an empty chat, taken from the corpus: the people
 * most often quoted ("What did Liz Truss say?"). Each candidate is answered
 * before it is offered and kept only if it is not refused, so a suggestion
 * never leads to a refusal. Cached per index version.
 */
import { loadTagger } from '../text/tagger';
import { promiseCache } from '../memo';
import { answer, type AnswerContext } from './service';

const SPEECH = /\b(said|says|warned|declared|told|stated|argued|reacted|pleaded|added|insisted|stressed)\b/;

interface PersonTerm {
  readonly text: string;
  readonly tags: readonly string[];
}

/**
 * People named in a sentence, by compromise's lexicon and tagger: a first and a
 * last name at least, titles ("Minister", "Mr.") left off. It finds the same
 * four people on the articles as the capitalised-run rule it replaces, without
 * that rule's list of title and nationality words (which told "Foreign
 * Minister" and "Russian Defense" from names, and came from these articles).
 */
function peopleIn(nlp: Awaited<ReturnType<typeof loadTagger>>, sentence: string): string[] {
  const found: { terms: PersonTerm[] }[] = nlp(sentence).people().json();
  return found.flatMap(({ terms }) => {
    const name = terms
      .filter((t) => !t.tags.includes('Honorific') && !t.tags.includes('Actor'))
      .map((t) => t.text.replace(/[^\p{L}'’-]/gu, ''));
    return name.length >= 2 && name.every((w) => /^\p{Lu}/u.test(w)) ? [name.join(' ')] : [];
  });
}

const cached = promiseCache<string[]>('suggestions');

function quotedPeople(nlp: Awaited<ReturnType<typeof loadTagger>>, sentences: readonly { text: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const { text } of sentences) {
    if (!SPEECH.test(text)) continue;
    for (const name of new Set(peopleIn(nlp, text))) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

async function compute(context: AnswerContext, limit: number): Promise<string[]> {
  const quiet = { ...context, logger: { log: () => undefined } };
  const out: string[] = [];
  for (const person of quotedPeople(await loadTagger(), context.retriever.index.sentences)) {
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
