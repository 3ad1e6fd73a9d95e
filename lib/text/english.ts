/**
 * The English lexicon: every general-English word list the pipeline uses, in
 * one module, so that another language is one swappable file (as orama keeps
 * its language data) and no list is kept twice. Nothing here comes from a
 * corpus or an eval question. Lists are plain words or regular-expression
 * alternatives; the modules that use them build their patterns.
 */

/** Words too common to tell passages apart; dropped from index terms. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves also said says say according s t d ll m re ve
  many much kind regarding concerning`.split(/\s+/),
);

/** Words that open a question. */
export const QUESTION_WORDS: readonly string[] = ['what', 'why', 'who', 'whom', 'whose', 'when', 'where', 'which', 'how'];

/** Auxiliary and modal verbs: what follows a question word when it asks ("when did…", "who is…"). */
export const AUXILIARIES: readonly string[] = [
  'did',
  'does',
  'do',
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'will',
  'would',
  'can',
  'could',
  'should',
  'shall',
  'may',
  'might',
  'must',
];

/** Forms of "be" that link a subject to what it is ("What is X?"). */
export const COPULAS: readonly string[] = ['is', 'are', 'was', 'were'];

/** Pronouns of the first and second person: the asker and the assistant, never a name in the documents. */
export const PERSONAL_PRONOUNS: readonly string[] = ['i', 'me', 'my', 'mine', 'we', 'us', 'our', 'ours', 'you', 'your', 'yours'];

/** Pronouns of the third person: they refer to something named before. */
export const THIRD_PERSON_PRONOUNS: readonly string[] = [
  'he',
  'him',
  'his',
  'she',
  'her',
  'hers',
  'it',
  'its',
  'they',
  'them',
  'their',
  'theirs',
];

/** Demonstratives: they point back too ("this", "those"). */
export const DEMONSTRATIVES: readonly string[] = ['this', 'that', 'these', 'those'];

/** Words that negate what follows; "n't" is matched on its own (didn't → did + n't). */
export const NEGATIONS: readonly string[] = ['not', "n't", 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without'];

/**
 * Verbs that report speech, in the forms a news sentence uses ("said", "warned"): a sentence with one and a quote
 * answers "What did X say?".
 */
export const SPEECH_VERBS: readonly string[] = [
  'said',
  'says',
  'warned',
  'declared',
  'told',
  'stated',
  'added',
  'announced',
  'insisted',
  'stressed',
  'pleaded',
  'reacted',
  'replied',
  'argued',
  'claimed',
  'responded',
];

/**
 * The same verbs as a question asks with them ("What did she say?", "Who warned…"). Words that are mostly nouns
 * ("state", "claim", "stress") are left out: "the largest lake in the state" asks no one to speak.
 */
export const SPEECH_QUESTION_VERBS: readonly string[] = [
  'say',
  'said',
  'tell',
  'told',
  'warn',
  'warned',
  'stated',
  'declare',
  'declared',
  'announce',
  'announced',
  'claimed',
  'respond',
  'responded',
  'reply',
  'replied',
];

/** Words that deny what follows them ("will not close", "refused to sign"): regular-expression alternatives. */
export const DENIALS: readonly string[] = [
  'not',
  "n't",
  'never',
  'refused?',
  'refuses',
  'declined?',
  'declines',
  'rejected',
  'rejects?',
  'denied',
  'denies',
  'deny',
];

/** Words that are never names, though a question may capitalise them ("If I…", "Please…", "According to…"). */
export const CONNECTIVES: readonly string[] = [
  'according',
  'in',
  'on',
  'at',
  'the',
  'a',
  'an',
  'and',
  'or',
  'of',
  'for',
  'to',
  'from',
  'with',
  'by',
  'about',
  'if',
  'so',
  'but',
  'then',
  'also',
  'please',
  'there',
  'here',
  'yes',
  'no',
  'not',
  'let',
];

/** Words that may stand before or inside a named subject ("the committee", "Norway and Iceland"). */
export const SUBJECT_GLUE: readonly string[] = ['the', 'a', 'an', 'and', 'its', 'their', 'his', 'her', 'of'];

/** How a follow-up adds on to the turn before ("And Portugal?", "What about the second one?"). */
export const ADD_ONS: readonly string[] = ['and', 'but', 'also', 'what about', 'how about', 'so', 'then'];

/** Words that give a reason or a purpose: the shape of an answer to "why". Regular-expression alternatives. */
export const CAUSE_CUES: readonly string[] = [
  'because',
  'since',
  'as (?:this|it|they|he|she|the|a|an|its|their)',
  'in order to',
  'so as to',
  'so that',
  'due to',
  'owing to',
  'because of',
  'in response to',
  'as a result',
  'consequences?',
  'reasons?',
  'aims?',
  'aimed',
  'purpose',
  'objective',
  'therefore',
  'thus',
  'hence',
];

export const MONTHS: readonly string[] = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export const WEEKDAYS: readonly string[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The shape of an answer to "when": years, months, days and relative dates. Regular-expression alternatives. */
export const TIME_CUES: readonly string[] = [
  '1[89]\\d\\d',
  '20\\d\\d',
  ...MONTHS,
  ...WEEKDAYS,
  'yesterday',
  'today',
  'tomorrow',
  'ago',
  '(?:last|next) (?:week|month|year)',
];

/** Number words and quantities: the shape of an answer to "how many" (digits count too). */
export const COUNT_CUES: readonly string[] = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
  'hundreds?',
  'thousands?',
  'millions?',
  'billions?',
  'dozens?',
  'tens of',
  'several',
  'half',
  'twice',
  'double',
  'triple',
];

/**
 * Nouns a "which … are mentioned" question asks for, by the kind of name: regular-expression alternatives.
 * `states` is a country here ("Which states are mentioned?").
 */
export const ENTITY_NOUNS = {
  countries: ['countries', 'nations', 'states'],
  places: ['places', 'cities', 'locations'],
  people: ['people', 'persons', 'names'],
  organizations: ['organi[sz]ations', 'companies', 'institutions'],
} as const;

/** Nouns that ask for a quantity ("what percentage…", "which share…"). */
export const QUANTITY_NOUNS: readonly string[] = [
  'number',
  'percentage',
  'percent',
  'proportion',
  'fraction',
  'share',
  'ratio',
  'amount',
  'portion',
];

/** Nouns that ask for a time ("what year…"). */
export const TIME_NOUNS: readonly string[] = ['date', 'year', 'day', 'time'];

/** Prepositions before a place ("in Lisbon", "from the Alps"). */
export const PLACE_PREPOSITIONS: readonly string[] = ['in', 'at', 'near', 'on', 'from', 'to'];

/** Placeholder words of examples ("foo", "example.com", "my-file"): a name with one is not the corpus's. */
export const PLACEHOLDERS: readonly string[] = ['foo', 'bar', 'baz', 'qux', 'quux', 'example', 'my', 'your'];

/** Small talk, as regular-expression alternatives matched at the start of a turn. */
export const GREETINGS: readonly string[] = ['hi', 'hello', 'hey', 'hiya', 'howdy', 'greetings', 'good (?:morning|afternoon|evening|day)'];
export const THANKS: readonly string[] = [
  'thanks?(?: you)?(?: (?:very|so) much)?',
  'thank you',
  'thx',
  'ty',
  'cheers',
  'ok(?:ay)?',
  'great',
  'nice',
];
export const FAREWELLS: readonly string[] = ['bye', 'goodbye', 'see you'];

/** How people ask what the assistant does, matched at the start of a turn. */
export const HELP_REQUESTS: readonly string[] = [
  'help',
  'what can you do',
  'what do you do',
  'what are you',
  'who are you',
  'how do(?:es)? (?:you|this|it) work',
  'how (?:can|do|should) i use (?:you|this)',
  'what (?:can|should) i ask',
];

/** Nouns people use for a collection of documents. */
export const COLLECTION_NOUNS: readonly string[] = [
  'documents?',
  'files?',
  'articles?',
  'sources?',
  'texts?',
  'pages?',
  'corpus',
  'collection',
  'data',
];

/** How people ask for an overview rather than a fact. */
export const OVERVIEW_REQUESTS: readonly string[] = [
  String.raw`^(?:please )?(?:summari[sz]e|sum up|recap|overview|tl;?dr)\b`,
  String.raw`\b(?:give|write|make) (?:me )?(?:a |an )?(?:short |brief |quick )?(?:summary|overview|recap|the gist|the main points)\b`,
  String.raw`\bwhat (?:are|were) the (?:main|key|most important) (?:points|topics|events|issues|facts)\b`,
  String.raw`\bwhat (?:is|was) the (?:main|key|central) (?:point|issue|topic|disagreement|conflict|story)\b`,
  String.raw`\bwhat happened (?:between|with|to)\b`,
];

/** The words of overview requests themselves; what else an overview question says is what it is about. */
export const OVERVIEW_VOCABULARY = `summarize summarise summary sum up recap overview tldr give write make short brief quick gist main key important
central points point topics topic events issues issue facts disagreement conflict story happened mentioned named discussed
involved countries people persons organizations organisations companies places names tools programs documents document
files articles sources texts pages corpus collection data know please`;

const NEGATION = new RegExp(String.raw`\b(?:${NEGATIONS.filter((w) => w !== "n't").join('|')})\b|n['’]t\b`, 'i');

/** Whether a text negates anything ("did not", "never", "isn't"). */
export function negates(text: string): boolean {
  return NEGATION.test(text);
}

const DENIAL = new RegExp(String.raw`\b${alternation(DENIALS.filter((w) => w !== "n't"))}\b`, 'i');

/** Whether a text negates or denies anything ("did not", "refused to", "rejects"). */
export function denies(text: string): boolean {
  return NEGATION.test(text) || DENIAL.test(text);
}

/** A list as one regular-expression alternation, matched as a whole word: `(?:a|b|c)`. */
export function alternation(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}
