/**
 * What a user turn asks for, decided before retrieval by rules over the
 * question's words (general English, no corpus words): a greeting or thanks,
 * a question about what the assistant does, a question about the collection
 * itself, a request for an overview, or an ordinary question for the answerer.
 */
import { LIMITS } from './policy';
import {
  alternation,
  COLLECTION_NOUNS,
  ENTITY_NOUNS,
  FAREWELLS,
  GREETINGS,
  HELP_REQUESTS,
  OVERVIEW_REQUESTS,
  OVERVIEW_VOCABULARY,
  QUESTION_WORDS,
  THANKS,
} from '../text/english';
import { tokenize } from '../text/tokenize';

export type Intent = 'greeting' | 'help' | 'collection' | 'overview' | 'question';

/** Which small talk a greeting turn is: it is answered in kind. */
export type SmallTalk = 'thanks' | 'farewell' | 'hello';

const GREETING = new RegExp(`^${alternation([...GREETINGS, ...THANKS, ...FAREWELLS])}\\b`);
const THANKED = new RegExp(`^${alternation(THANKS)}\\b`);
const FAREWELL = new RegExp(`^${alternation(FAREWELLS)}\\b`);
const ASKS = new RegExp(`\\b${alternation(QUESTION_WORDS)}\\b`);
const HELP = new RegExp(`^${alternation(HELP_REQUESTS)}\\b`);
const OVERVIEW = new RegExp(OVERVIEW_REQUESTS.join('|'));

// "Which countries are mentioned?": names of one kind across the collection.
const MENTIONED = new RegExp(
  String.raw`^(?:which|what) ${alternation(Object.values(ENTITY_NOUNS).flat())} (?:are|were|get|got) (?:mentioned|named|discussed|involved|cited)\b`,
);

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}' ;-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The kind of small talk a turn is (meaningful for a greeting turn). */
export function smallTalkOf(question: string): SmallTalk {
  const q = normalize(question);
  return THANKED.test(q) ? 'thanks' : FAREWELL.test(q) ? 'farewell' : 'hello';
}

/** The intent of one user turn; `corpusName` is CORPUS_NAME, whose last word also names the collection. */
export function intentOf(question: string, corpusName = ''): Intent {
  const q = normalize(question);
  const words = q.split(' ').filter(Boolean).length;
  if (words === 0) return 'question';
  if (words <= LIMITS.smallTalkWords && GREETING.test(q) && !ASKS.test(q)) return 'greeting';
  if (HELP.test(q)) return 'help';
  const name = normalize(corpusName).split(' ').pop();
  // The configured corpus name's last word names the collection too.
  const nouns = alternation([...COLLECTION_NOUNS, ...(name ? [name.replace(/[^\p{L}\p{N}]/gu, '')] : [])]);
  const collection = new RegExp(
    [
      `^(?:which|what) ${nouns} (?:do|did|can) you (?:have|know|hold|use|cover|contain|index)`,
      String.raw`^(?:which|what) ${nouns} (?:are|is) (?:there|available|indexed|in (?:here|the index|this|it|you))\b`,
      String.raw`^how many ${nouns}\b`,
      String.raw`^(?:list|show|name) (?:me )?(?:the |your |all (?:the )?|all your )?${nouns}\b`,
      String.raw`^what (?:is|are) (?:this|these|those|the|your) (?:\w+ )?${nouns}$`,
    ].join('|'),
  );
  if (collection.test(q) || MENTIONED.test(q)) return 'collection';
  // "What are these documents about?" asks for their content: an overview of the whole collection.
  const about = new RegExp(
    String.raw`^what (?:is|are) (?:this|these|those|the|your) (?:\w+ )?${nouns}(?: all)? about$|^what do you know(?: about)?$`,
  );
  if (about.test(q) || OVERVIEW.test(q)) return 'overview';
  return 'question';
}

const OVERVIEW_TERMS = new Set(tokenize(OVERVIEW_VOCABULARY));

/** The index terms an overview question is about ("what happened between X and Y" → x, y); none for "Summarize everything". */
export function overviewTerms(question: string): string[] {
  return tokenize(question).filter((t) => !OVERVIEW_TERMS.has(t));
}
