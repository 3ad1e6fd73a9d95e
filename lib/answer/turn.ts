/**
 * One analysis of a user turn, computed once, before retrieval, and read by
 * every later step: routing, retrieval, evidence and refusal. Before it, seven
 * parsers each read the raw question again (intent, entity kind, question
 * type, premise, follow-up, greeting, overview terms).
 */
import type { AskRequest } from '../request';
import { questionOf } from '../request';
import { condenseRequest } from '../retrieval';
import type { Store } from '../store';
import { negates } from '../text/english';
import { tokenize } from '../text/tokenize';
import { intentOf, overviewTerms, smallTalkOf, type Intent, type SmallTalk } from './intent';
import { entityKindOf, type EntityKind } from './mentions';
import { premiseTerms } from './premise';
import { acronymsIn, askingPart, keyTerms, type KeyTerm, type QuestionType, questionType } from './question';

export interface TurnAnalysis {
  /** The user's last message. */
  readonly question: string;
  /** What is searched: the question, or a follow-up made standalone with what earlier turns named. */
  readonly query: string;
  /** The question leans on earlier turns ("And Portugal?", "What did she say?"). */
  readonly followUp: boolean;
  readonly intent: Intent;
  /** For a greeting, which small talk it is. */
  readonly smallTalk: SmallTalk;
  /** For a "which … are mentioned" question, the kind of names it asks for. */
  readonly entities: EntityKind | undefined;
  /** For an overview, the index terms it is about (none for "Summarize everything"). */
  readonly about: readonly string[];
  readonly type: QuestionType;
  /** The index terms the question takes for granted (see premise.ts). */
  readonly premise: readonly string[];
  /** Its names, numbers and code-shaped words, with the corpus's spellings of its acronyms. */
  readonly keys: readonly KeyTerm[];
  /** Its index terms, in order. */
  readonly terms: readonly string[];
  /** The index terms of the sentence that asks, when the message sets a scene first. */
  readonly askingTerms: readonly string[];
  /** It negates something ("Who did not…", "never"). */
  readonly negated: boolean;
}

const acronymCache = new WeakMap<Store, Map<string, string[]>>();

/** The acronyms the corpus spells out, read from its documents once per loaded index. */
function corpusAcronyms(index: Store): Map<string, string[]> {
  let found = acronymCache.get(index);
  if (!found) {
    found = new Map();
    for (const doc of index.documents) {
      for (const [acronym, phrases] of acronymsIn(doc.text)) found.set(acronym, [...new Set([...(found.get(acronym) ?? []), ...phrases])]);
    }
    acronymCache.set(index, found);
  }
  return found;
}

/** Analyses a turn once; `index` lends the corpus's spelled-out acronyms, `corpusName` the collection's name. */
export function analyzeTurn(request: AskRequest, index: Store, corpusName: string): TurnAnalysis {
  const question = questionOf(request);
  const acronyms = corpusAcronyms(index);
  const intent = intentOf(question, corpusName);
  const { query, followUp } = condenseRequest(request);
  return {
    question,
    query,
    followUp,
    intent,
    smallTalk: smallTalkOf(question),
    entities: intent === 'collection' ? entityKindOf(question) : undefined,
    about: intent === 'overview' ? overviewTerms(question) : [],
    type: questionType(question),
    premise: premiseTerms(question),
    keys: keyTerms(question, (a) => acronyms.get(a) ?? []),
    terms: tokenize(question),
    askingTerms: tokenize(askingPart(question)),
    negated: negates(question),
  };
}
