/**
 * Turns the last question of a conversation into a standalone query. A
 * follow-up that leans on earlier turns ("Which wars did she compare it to?")
 * gets the earlier question and the names mentioned in the last answer added,
 * so retrieval sees who "she" and what "it" are. Deterministic: no model.
 */
import type { AskRequest, ChatMessage } from '../request';
import { ADD_ONS, alternation, DEMONSTRATIVES, THIRD_PERSON_PRONOUNS } from '../text/english';
import { isStopWord, words } from '../text/tokenize';

const REFERRING = new RegExp(
  String.raw`\b${alternation([...THIRD_PERSON_PRONOUNS, ...DEMONSTRATIVES, 'there', 'then', 'the same', 'such'])}\b`,
  'i',
);
const ADD_ON_START = new RegExp(String.raw`^\s*${alternation(ADD_ONS)}\b`, 'i');
const MIN_STANDALONE_CONTENT_WORDS = 4;

function contentWordCount(text: string): number {
  return words(text).filter((w) => !isStopWord(w)).length;
}

/**
 * Whether `question` needs earlier turns to be understood: nearly empty, an
 * add-on ("And Portugal?", "What about the second one?"), or leaning on a pronoun
 * without naming its own subject ("Which wars did she compare it to?", but not
 * "Where did the Polar Council hold its first session?" nor "Why did the
 * committee reject the plan?").
 */
export function isFollowUp(question: string): boolean {
  const content = contentWordCount(question);
  if (content < 2 || (ADD_ON_START.test(question) && content < MIN_STANDALONE_CONTENT_WORDS)) return true;
  if (namedEntities(question).length > 0) return false;
  return REFERRING.test(question);
}

/** Capitalised names ("Ada Lovelace", "Portugal") in `text`, sentence-initial function words excluded. */
export function namedEntities(text: string): string[] {
  const found = text.match(/\b\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+)*/gu) ?? [];
  const names = found.filter((name) => !isStopWord(name.toLowerCase()) && name.length > 1);
  return [...new Set(names)];
}

/** What a turn searches for, and whether it leans on earlier turns to say it. */
export interface Condensed {
  readonly query: string;
  /** The last message is a follow-up ("And Portugal?", "What did she say?") to earlier turns. */
  readonly followUp: boolean;
}

export function condense(messages: readonly ChatMessage[]): Condensed {
  const turns = messages.filter((m) => m.role !== 'system');
  const last = turns[turns.length - 1];
  if (!last) return { query: '', followUp: false };
  const question = last.content.trim();
  const earlier = turns.slice(0, -1);
  if (earlier.length === 0 || !isFollowUp(question)) return { query: question, followUp: false };
  // The previous question as it was searched: a follow-up to a follow-up ("And in winter?" after "…the timetable
  // in summer?") keeps the subject of the turn that named it.
  const previousAt = earlier.map((m) => m.role).lastIndexOf('user');
  const previousQuestion = previousAt < 0 ? undefined : condense(earlier.slice(0, previousAt + 1)).query;
  const lastAnswer = [...earlier].reverse().find((m) => m.role === 'assistant')?.content ?? '';
  const context = [previousQuestion, ...namedEntities(lastAnswer)].filter((part): part is string => !!part && !question.includes(part));
  return { query: context.length ? `${question} (${context.join('; ')})` : question, followUp: true };
}

/** A request's turn condensed: a single question is its own query. */
export function condenseRequest(request: AskRequest): Condensed {
  return 'question' in request ? { query: request.question, followUp: false } : condense(request.messages);
}

/** The query actually searched; differs from the question when a follow-up is rewritten. */
export function queryOf(request: AskRequest): string {
  return condenseRequest(request).query;
}
