/**
 * Suggested questions for an empty chat, taken from the corpus: the people
 * most often quoted ("What did Liz Truss say?"). Each candidate is answered
 * before it is offered and kept only if it is not refused, so a suggestion
 * never leads to a refusal. Chosen when the index is built (an answer per
 * candidate would otherwise run while the page renders) and stored with it.
 */
import { LIMITS } from './policy';
import { silentLogger } from '../log';
import { alternation, SPEECH_VERBS } from '../text/english';
import { loadTagger } from '../text/tagger';
import { answer, type AnswerContext } from './service';

const SPEECH = new RegExp(String.raw`\b${alternation(SPEECH_VERBS)}\b`);

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

/** Enough quotations to find who is quoted most, few enough that a build of a large corpus does not wait on the tagger. */

function quotedPeople(nlp: Awaited<ReturnType<typeof loadTagger>>, sentences: readonly { text: string }[]): string[] {
  const counts = new Map<string, number>();
  let quotations = 0;
  for (const { text } of sentences) {
    if (!SPEECH.test(text)) continue;
    if (++quotations > LIMITS.quotations) break;
    for (const name of new Set(peopleIn(nlp, text))) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

/** Up to `limit` questions the index behind `context` answers; the extractive answerer judges them, whatever is configured. */
export async function chooseSuggestions(context: AnswerContext, limit = 4): Promise<string[]> {
  const quiet: AnswerContext = { ...context, config: { ...context.config, llm: { provider: 'none' } }, logger: silentLogger };
  const out: string[] = [];
  for (const person of quotedPeople(await loadTagger(), context.retriever.index.sentences)) {
    if (out.length >= limit) break;
    const question = `What did ${person} say?`;
    const result = await answer({ question }, quiet);
    if (!result.refused) out.push(question);
  }
  return out;
}
