/**
 * What a question asks for (its type) and what it is about (names and numbers
 * it mentions). Both steer sentence choice and the refusal check.
 */
import { LIMITS } from './policy';
import { splitSentences } from '../text/sentences';
import { placeNames } from '../text/places';
import {
  AUXILIARIES,
  alternation,
  CONNECTIVES,
  DEMONSTRATIVES,
  PERSONAL_PRONOUNS,
  PLACE_PREPOSITIONS,
  PLACEHOLDERS,
  QUANTITY_NOUNS,
  QUESTION_WORDS,
  SPEECH_QUESTION_VERBS,
  THIRD_PERSON_PRONOUNS,
  TIME_NOUNS,
} from '../text/english';
import { tokenize } from '../text/tokenize';

export type QuestionType = 'why' | 'who' | 'when' | 'how-many' | 'where' | 'say' | 'what';

const SPEECH_QUESTION = new RegExp(String.raw`\b${alternation(SPEECH_QUESTION_VERBS)}\b`);
const LEANS_BACK = new RegExp(String.raw`^${alternation([...THIRD_PERSON_PRONOUNS, ...DEMONSTRATIVES, 'there'])}\b`, 'i');

// Inside a question, "when", "who" and "where" ask something only before a verb of their own
// ("…, and when did it start?"); otherwise they join a clause ("what happens when I look it up",
// "the minister who visited", "the town where it was signed").
const ASKING = String.raw`${alternation(AUXILIARIES)}\b`;

export function questionType(question: string): QuestionType {
  const q = question.trim().toLowerCase();
  if (/^(why|for what reason)\b|\bwhy\b/.test(q)) return 'why';
  if (new RegExp(String.raw`^how (many|much)\b|\bhow (many|much)\b|\b(what|which) ${alternation(QUANTITY_NOUNS)}\b`).test(q))
    return 'how-many';
  if (new RegExp(String.raw`^(when|since when|what ${alternation(TIME_NOUNS)})\b|\bwhen ${ASKING}`).test(q)) return 'when';
  if (new RegExp(String.raw`^(who|whom|whose)\b|\bwho ${ASKING}`).test(q)) return 'who';
  if (new RegExp(String.raw`^where\b|\bwhere ${ASKING}`).test(q)) return 'where';
  if (SPEECH_QUESTION.test(q)) return 'say';
  return 'what';
}

/**
 * The sentence that asks, when a message first sets the scene ("Ana met her
 * counterpart in Moscow. What did he say about the troops?"): its words say
 * what is asked, the rest only what it is about.
 */
export function askingPart(message: string): string {
  const spans = splitSentences(message);
  const last = spans[spans.length - 1];
  if (spans.length < 2 || !last) return message;
  const asked = message.slice(last.start, last.end);
  return /\?\s*$/.test(asked) ? asked : message;
}

/** A sentence that opens with a pronoun leans on the one before it ("It was signed in 2013."). */
export function leansBack(sentence: string): boolean {
  return LEANS_BACK.test(sentence);
}

/** Each question type's answer cues: regular-expression alternatives, matched as whole words, any case (the policy's). */
export type CueLists = Readonly<Record<'why' | 'when' | 'howMany' | 'say', readonly string[]>>;

type CueMatchers = Record<QuestionType, RegExp | null>;

// Shapes, not word lists: a person's name ("Ada Lovelace") for who, a capitalised place after a preposition for where.
const NAME_SHAPE = /\b\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+)+\b/u;
const PLACE_SHAPE = new RegExp(String.raw`\b${alternation(PLACE_PREPOSITIONS)} (the )?\p{Lu}\p{L}+`, 'u');
const QUOTED = /[“"«][^”"»]{3,}[”"»]/;

const compiled = new WeakMap<CueLists, CueMatchers>();

function matchersOf(cues: CueLists): CueMatchers {
  let matchers = compiled.get(cues);
  if (!matchers) {
    const words = (list: readonly string[]) => new RegExp(String.raw`\b(?:${list.join('|')})\b`, 'iu');
    // "how many" also takes digits anywhere ("3x", "50%").
    const count = new RegExp(String.raw`\d|\b(?:${cues.howMany.join('|')})\b`, 'iu');
    matchers = {
      why: words(cues.why),
      who: NAME_SHAPE,
      when: words(cues.when),
      'how-many': count,
      where: PLACE_SHAPE,
      say: words(cues.say),
      what: null,
    };
    compiled.set(cues, matchers);
  }
  return matchers;
}

/** Whether a sentence has the shape of an answer to this type of question (a reported quote, for "say"). */
export function hasCue(type: QuestionType, sentence: string, cues: CueLists): boolean {
  const cue = matchersOf(cues)[type];
  if (!cue) return false;
  return type === 'say' ? cue.test(sentence) && QUOTED.test(sentence) : cue.test(sentence);
}

/**
 * Capitalised words that are never names: question words, auxiliaries, and
 * the pronouns and connectives a question may start with ("I", "If I…",
 * "Our agent…"). General English, so a question in the first person is not
 * refused because the corpus "never mentions I".
 */
const NON_ENTITY: ReadonlySet<string> = new Set([
  ...QUESTION_WORDS,
  ...AUXILIARIES,
  ...PERSONAL_PRONOUNS,
  ...THIRD_PERSON_PRONOUNS,
  ...DEMONSTRATIVES,
  ...CONNECTIVES,
]);

/** "I'm", "What's", "Don't" → "i", "what", "don": a contraction is judged by the word it starts with. */
function baseWord(token: string): string {
  return token.toLowerCase().replace(/['’](?:s|m|re|ve|d|ll|t)$/, '');
}

/** Spelled-out forms of an acronym the corpus uses ("UK" → ["United Kingdom"]); none when it has none. */
export type Expansions = (acronym: string) => readonly string[];

const NO_EXPANSIONS: Expansions = () => [];

// Capitalised words, with the joining words names carry ("Bank of England", "Bank of the West").
const CAPITALISED_RUN = /\b\p{Lu}\p{Ll}+(?:(?:\s+(?:of|for)(?:\s+the)?)?\s+\p{Lu}\p{Ll}+)+/gu;

/**
 * Every acronym a text spells out, by the initials of the capitalised words of
 * each stretch of a capitalised run: "United Kingdom" gives UK, "The World
 * Health Organization" gives WHO (and TWHO), "Bank of England"
 * gives BE and BOE.
 */
export function acronymsIn(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (acronym: string, phrase: string) => {
    const list = out.get(acronym) ?? [];
    if (!list.includes(phrase)) list.push(phrase);
    out.set(acronym, list);
  };
  for (const [run] of text.matchAll(CAPITALISED_RUN)) {
    const words = run.split(/\s+/);
    for (let from = 0; from < words.length; from++) {
      if (!/^\p{Lu}/u.test(words[from] ?? '')) continue;
      let capitals = 0;
      for (let to = from; to < words.length && capitals < LIMITS.acronymLetters; to++) {
        if (!/^\p{Lu}/u.test(words[to] ?? '')) continue;
        capitals++;
        if (capitals < 2) continue;
        const stretch = words.slice(from, to + 1);
        const phrase = stretch.join(' ');
        add(
          stretch
            .filter((w) => /^\p{Lu}/u.test(w))
            .map((w) => w[0])
            .join(''),
          phrase,
        );
        if (stretch.some((w) => !/^\p{Lu}/u.test(w))) add(stretch.map((w) => w[0]?.toUpperCase()).join(''), phrase);
      }
    }
  }
  return out;
}

export interface KeyTerm {
  readonly text: string;
  /** An identifier is a code-shaped word ("lz4", "uid_map", "/etc/hosts", "--dry-run"): mentioned only verbatim. */
  readonly kind: 'name' | 'number' | 'identifier';
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
    return [{ token, swapped: kind === 'name' && token.length >= LIMITS.spelling.minName ? transpositions(token) : [] }];
  });
  return { text, kind, forms, heads };
}

// Metasyntactic names (RFC 3092) and "my"/"your": a question about "foo.example" or "my_app" asks about an example.
const METASYNTACTIC = new RegExp(String.raw`(?:^|[^\p{L}])${alternation(PLACEHOLDERS)}(?:[^\p{L}]|$)`, 'iu');

/**
 * Code-shaped words of a question: paths ("/etc/hosts"), options ("--dry-run", "-O3"), identifiers with an
 * underscore ("uid_map") or letters and digits ("lz4", "x86_64"), dotted names ("package.json") and manual
 * references ("random(7)"). Plain numbers, ordinals and units ("3rd", "100MB", "v18") are numbers, not these.
 */
export function identifiersIn(question: string): string[] {
  const out: string[] = [];
  for (const raw of question.split(/\s+/)) {
    let word = raw
      .replace(/^[("'“‘`]+/, '')
      .replace(/[?!,;:"'”’`]+$/, '')
      .replace(/\.$/, '')
      .replace(/['’]s$/, '');
    // A manual reference keeps its closing parenthesis; any other is punctuation.
    if (!/\(\d\w*\)$/.test(word)) word = word.replace(/\)+$/, '');
    // An option is looked for by its name: a text documents "--block-size=SIZE", a question writes "--block-size=4MiB".
    word = word.replace(/^(--?\p{L}[\w-]*)=.*$/u, '$1');
    const shaped =
      /^[\w.~-]*\/[\w.~/-]*\p{L}/u.test(word) ||
      /^--?\p{L}[\w-]*$/u.test(word) ||
      /\w_\w/.test(word) ||
      (/^\p{L}[\p{L}_-]*\d/u.test(word) && !/^v\d/i.test(word)) ||
      /\p{L}{2,}\.\p{L}{2,}/u.test(word) ||
      /^\p{L}[\w.-]*\(\d\w*\)$/u.test(word);
    if (shaped && !METASYNTACTIC.test(word) && !out.includes(word)) out.push(word);
  }
  return out;
}

/** Proper names (consecutive capitalised words, acronyms), numbers and code-shaped words in the question. */
export function keyTerms(question: string, expand: Expansions = NO_EXPANSIONS): KeyTerm[] {
  const terms: KeyTerm[] = identifiersIn(question).map((text) => ({ text, kind: 'identifier', forms: [text], heads: [] }));
  for (const match of question.matchAll(/\d[\d,.]*\d|\d/g)) {
    terms.push(keyTerm(match[0], 'number', [match[0].replace(/[,.](?=\d{3}\b)/g, '')]));
  }
  // A possessive is the name itself: "the UK's prime minister" is about the UK.
  const tokens = (question.match(/[\p{L}][\p{L}’'-]*/gu) ?? []).map((t) => t.replace(/['’]s?$/u, '').replace(/['’]s(?=-)/u, ''));
  let run: string[] = [];
  const flush = () => {
    if (run.length) {
      const text = run.join(' ');
      // A place may be named by its capital, its people or its cities ("Canberra" for Australia, "Mombasa" in Kenya).
      terms.push(keyTerm(text, 'name', [text, ...(/^\p{Lu}{2,6}$/u.test(text) ? expand(text) : []), ...placeNames().relatives(text)]));
    }
    run = [];
  };
  const places = placeNames();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1] ?? '';
    const common = NON_ENTITY.has(baseWord(token)) || NON_ENTITY.has(token.toLowerCase());
    if (!/^\p{Lu}/u.test(token) && !common) {
      // A place typed in lower case ("how many people live in kenya?", "the south korea talks") is a name all the same.
      const pair = next && !/^\p{Lu}/u.test(next) && places.isPlace(`${token} ${next}`) ? `${token} ${next}` : undefined;
      const place = pair ?? (places.isPlace(token) ? token : undefined);
      if (place) {
        flush();
        run.push(place);
        flush();
        if (pair) i++;
        continue;
      }
    }
    // Every question starts with a capital; its first word is a name only when it is an acronym, the start of
    // a multi-word name ("Ada Lovelace wrote…") or a place ("Kenya pledged…").
    const firstWordName = i > 0 || /^\p{Lu}{2,}$/u.test(token) || /^\p{Lu}/u.test(next) || places.isPlace(token);
    if (/^\p{Lu}/u.test(token) && firstWordName && !common) run.push(token);
    else flush();
  }
  flush();
  return terms;
}

/** The index terms of a text, a passage or the whole corpus. */
export interface TermLookup {
  has(term: string): boolean;
  /** All terms, scanned only when a name has no exact match. */
  terms(): Iterable<string>;
  /** Whether the text itself has this string (any case); without it an identifier counts when all its terms are there. */
  contains?(text: string): boolean;
}

export function lookupOf(terms: ReadonlySet<string>): TermLookup {
  return { has: (t) => terms.has(t), terms: () => terms };
}

/** "brazil"/"brazilian", "iceland"/"icelandic": a country and its people. */
function sameRoot(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return (
    short.length >= LIMITS.spelling.minRoot &&
    long.length - short.length <= LIMITS.spelling.maxSuffix &&
    long.startsWith(short.replace(/i$/, ''))
  );
}

/** "dostoyevsky" → "dstvsk", "dostoevsky" → "dstvsk": a name's consonants, for transliterations that differ in their vowels. */
function skeleton(token: string): string {
  return token[0] + token.slice(1).replace(/[aeiouy]/g, '');
}

/** Two spellings of one name: same first and last letter, same consonants, lengths within one ("Dostoyevsky"/"Dostoevsky"). */
function transliterated(a: string, b: string): boolean {
  return (
    a.length >= LIMITS.spelling.minTransliterated &&
    Math.abs(a.length - b.length) <= LIMITS.spelling.maxLengthDifference &&
    a[0] === b[0] &&
    a[a.length - 1] === b[b.length - 1] &&
    /^\p{L}+$/u.test(b) &&
    skeleton(a) === skeleton(b)
  );
}

/**
 * Whether a term is mentioned in a lookup (a sentence, a passage, the corpus).
 * A name counts when the last word of one of its forms does: the surname or
 * head noun, so "Ada Lovelace" is found through "Lovelace" but "World Cup"
 * is not found through "World". Swapped letters ("IEFT" for "IETF"),
 * country/people pairs ("Iceland"/"Icelandic") and transliterations that
 * differ in vowels ("Dostoyevsky"/"Dostoevsky") count too.
 */
export function isMentioned(term: KeyTerm, lookup: TermLookup): boolean {
  if (term.kind === 'identifier') return lookup.contains ? lookup.contains(term.text) : tokenize(term.text).every((t) => lookup.has(t));
  return term.heads.some(({ token, swapped }) => {
    if (lookup.has(token)) return true;
    if (term.kind !== 'name' || token.length < LIMITS.spelling.minName) return false;
    if (swapped.some((t) => lookup.has(t))) return true;
    for (const t of lookup.terms()) if (sameRoot(token, t) || transliterated(token, t)) return true;
    return false;
  });
}
