/**
 * What a question asks for (its type) and what it is about (names and numbers
 * it mentions). Both steer sentence choice and the refusal check.
 */
import { tokenize } from '../text/tokenize';

export type QuestionType = 'why' | 'who' | 'when' | 'how-many' | 'where' | 'say' | 'what';

// Inside a question, "when", "who" and "where" ask something only before a verb of their own
// ("…, and when did it start?"); otherwise they join a clause ("what happens when I look it up",
// "the minister who visited", "the town where it was signed").
const ASKING = String.raw`(?:did|does|do|is|are|was|were|will|would|can|could|should|shall|has|have|had|might|must)\b`;

export function questionType(question: string): QuestionType {
  const q = question.trim().toLowerCase();
  if (/^(why|for what reason)\b|\bwhy\b/.test(q)) return 'why';
  if (/^how (many|much)\b|\bhow (many|much)\b|\bwhat (number|percentage|amount)\b/.test(q)) return 'how-many';
  if (new RegExp(String.raw`^(when|since when|what (date|year|day|time))\b|\bwhen ${ASKING}`).test(q)) return 'when';
  if (new RegExp(String.raw`^(who|whom|whose)\b|\bwho ${ASKING}`).test(q)) return 'who';
  if (new RegExp(String.raw`^where\b|\bwhere ${ASKING}`).test(q)) return 'where';
  if (/\b(say|said|tell|told|warn|warned|state|stated|declare|declared|announce|announced|claim|claimed|respond|responded)\b/.test(q)) return 'say';
  return 'what';
}

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const DAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';

/** Patterns of a sentence that answers each question type. */
const CUES: Record<QuestionType, RegExp | null> = {
  why: /\b(because|since|as (this|it|they|he|she|the|a|an|its|their)|in order to|so as to|so that|due to|owing to|in response to|consequence|reasons?|aims? (is|at|to)|aimed|objective|to (help|avoid|prevent|justify|defuse|ensure|achieve|reduce))\b/i,
  who: /\b\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+)+\b/u,
  when: new RegExp(String.raw`\b(1[89]\d\d|20\d\d|${MONTHS}|${DAYS}|yesterday|today|tomorrow|ago|last (week|month|year)|next (week|month|year))\b`, 'i'),
  // Digits, or numbers written as words ("three ships").
  'how-many':
    /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|tens of|several|half|twice|double|triple)\b/i,
  where: /\b(in|at|near|on|from|to) (the )?\p{Lu}\p{L}+/u,
  say: /\b(said|says|warned|declared|told|stated|added|announced|insisted|stressed|pleaded|reacted|replied|argued)\b/i,
  what: null,
};

const QUOTED = /[“"«][^”"»]{3,}[”"»]/;

/** Whether a sentence has the shape of an answer to this type of question (a reported quote, for "say"). */
export function hasCue(type: QuestionType, sentence: string): boolean {
  const cue = CUES[type];
  if (!cue) return false;
  return type === 'say' ? cue.test(sentence) && QUOTED.test(sentence) : cue.test(sentence);
}

/**
 * Capitalised words that are never names: question words, auxiliaries, and
 * the pronouns and connectives a question may start with ("I", "If I…",
 * "Our agent…"). General English, so a question in the first person is not
 * refused because the corpus "never mentions I".
 */
const NON_ENTITY = new Set(
  [
    'what why who whom whose when where which how is are was were do does did will would can could should shall may might has have had',
    'according in on at the a an and or of for to from with by about',
    'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs',
    'if so but then also please this that these those there here yes no not let',
  ]
    .join(' ')
    .split(' '),
);

/** "I'm", "What's", "Don't" → "i", "what", "don": a contraction is judged by the word it starts with. */
function baseWord(token: string): string {
  return token.toLowerCase().replace(/['’](?:s|m|re|ve|d|ll|t)$/, '');
}

/** Common short forms in news questions, so "UK" finds "United Kingdom" and "British". */
const ALIASES: Record<string, readonly string[]> = {
  uk: ['united kingdom', 'britain', 'british', 'brits', 'london'],
  britain: ['united kingdom', 'british', 'brits', 'london'],
  us: ['united states', 'america', 'american', 'washington'],
  usa: ['united states', 'america', 'american', 'washington'],
  eu: ['european union'],
  un: ['united nations'],
  nato: ['atlantic alliance', 'otan'],
};

export interface KeyTerm {
  readonly text: string;
  readonly kind: 'name' | 'number';
  /** Spellings any of which counts as a mention. */
  readonly forms: readonly string[];
  /**
   * The index term of each form's last word (see isMentioned) and, for names,
   * its letter swaps; worked out once, as every retrieved sentence is checked.
   */
  readonly heads: readonly { readonly token: string; readonly swapped: readonly string[] }[];
}

/** "osc" → "ocs", "soc", …: typos in acronyms are usually swapped letters ("IEFT" for "IETF"). */
function transpositions(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < token.length; i++) out.push(token.slice(0, i) + token[i + 1] + token[i] + token.slice(i + 2));
  return out;
}

function keyTerm(text: string, kind: KeyTerm['kind'], forms: readonly string[]): KeyTerm {
  const heads = forms.flatMap((form) => {
    const [token] = tokenize(form.trim().split(/\s+/).pop() ?? '');
    if (token === undefined) return [];
    return [{ token, swapped: kind === 'name' && token.length >= 3 ? transpositions(token) : [] }];
  });
  return { text, kind, forms, heads };
}

/** Proper names (consecutive capitalised words, acronyms) and numbers in the question. */
export function keyTerms(question: string): KeyTerm[] {
  const terms: KeyTerm[] = [];
  for (const match of question.matchAll(/\d[\d,.]*\d|\d/g)) {
    terms.push(keyTerm(match[0], 'number', [match[0].replace(/[,.](?=\d{3}\b)/g, '')]));
  }
  // A possessive is the name itself: "the UK's prime minister" is about the UK.
  const tokens = (question.match(/[\p{L}][\p{L}’'-]*/gu) ?? []).map((t) => t.replace(/['’]s?$/u, '').replace(/['’]s(?=-)/u, ''));
  let run: string[] = [];
  const flush = () => {
    if (run.length) {
      const text = run.join(' ');
      const alias = ALIASES[text.toLowerCase()];
      terms.push(keyTerm(text, 'name', [text, ...(alias ?? [])]));
    }
    run = [];
  };
  tokens.forEach((token, i) => {
    const capitalised = /^\p{Lu}/u.test(token);
    // Every question starts with a capital; its first word is a name only when it is an
    // acronym or the start of a multi-word name ("Liz Truss said…").
    const next = tokens[i + 1] ?? '';
    const firstWordName = i > 0 || /^\p{Lu}{2,}$/u.test(token) || /^\p{Lu}/u.test(next);
    if (capitalised && firstWordName && !NON_ENTITY.has(baseWord(token)) && !NON_ENTITY.has(token.toLowerCase())) run.push(token);
    else flush();
  });
  flush();
  return terms;
}

/** The index terms of a text, a passage or the whole corpus. */
export interface TermLookup {
  has(term: string): boolean;
  /** All terms, scanned only when a name has no exact match. */
  terms(): Iterable<string>;
}

export function lookupOf(terms: ReadonlySet<string>): TermLookup {
  return { has: (t) => terms.has(t), terms: () => terms };
}

/** "russia"/"russian", "germani"/"german", "ukrain"/"ukrainian": a country and its people. */
function sameRoot(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.length - short.length <= 3 && long.startsWith(short.replace(/i$/, ''));
}

/** "kyiv" → "kv", "kiev" → "kv": a name's consonants, for transliterations that differ in their vowels. */
function skeleton(token: string): string {
  return token[0] + token.slice(1).replace(/[aeiouy]/g, '');
}

/** Two spellings of one name: same first and last letter, same consonants, lengths within one ("Kyiv"/"Kiev"). */
function transliterated(a: string, b: string): boolean {
  return (
    a.length >= 4 && Math.abs(a.length - b.length) <= 1 && a[0] === b[0] && a[a.length - 1] === b[b.length - 1] && /^\p{L}+$/u.test(b) && skeleton(a) === skeleton(b)
  );
}

/**
 * Whether a term is mentioned in a lookup (a sentence, a passage, the corpus).
 * A name counts when the last word of one of its forms does: the surname or
 * head noun, so "Ada Lovelace" is found through "Lovelace" but "World Cup"
 * is not found through "World". Swapped letters ("IEFT" for "IETF"),
 * country/people pairs ("Iceland"/"Icelandic") and transliterations that
 * differ in vowels ("Kyiv"/"Kiev") count too.
 */
export function isMentioned(term: KeyTerm, lookup: TermLookup): boolean {
  return term.heads.some(({ token, swapped }) => {
    if (lookup.has(token)) return true;
    if (term.kind !== 'name' || token.length < 3) return false;
    if (swapped.some((t) => lookup.has(t))) return true;
    for (const t of lookup.terms()) if (sameRoot(token, t) || transliterated(token, t)) return true;
    return false;
  });
}
