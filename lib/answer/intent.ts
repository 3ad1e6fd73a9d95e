/**
 * What a user turn asks for, decided before retrieval by rules over the
 * question's words (general English, no corpus words): a greeting or thanks,
 * a question about what the assistant does, a question about the collection
 * itself, a request for an overview, or an ordinary question for the answerer.
 */
import { tokenize } from '../text/tokenize';

export type Intent = 'greeting' | 'help' | 'collection' | 'overview' | 'question';

const MAX_SMALL_TALK_WORDS = 6;

const GREETING =
  /^(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|thanks?(?: you)?(?: (?:very|so) much)?|thx|ty|cheers|ok(?:ay)?|great|nice|bye|goodbye|see you)\b/;
const HELP =
  /^(?:help|what can you do|what do you do|what are you|who are you|how do(?:es)? (?:you|this|it) work|how (?:can|do|should) i use (?:you|this)|what (?:can|should) i ask)\b/;
// Nouns people use for the collection; the configured corpus name's last word joins them.
const COLLECTION_NOUNS = ['documents?', 'files?', 'articles?', 'sources?', 'texts?', 'pages?', 'corpus', 'collection', 'data'];
const OVERVIEW = new RegExp(
  [
    String.raw`^(?:please )?(?:summari[sz]e|sum up|recap|overview|tl;?dr)\b`,
    String.raw`\b(?:give|write|make) (?:me )?(?:a |an )?(?:short |brief |quick )?(?:summary|overview|recap|the gist|the main points)\b`,
    String.raw`\bwhat (?:are|were) the (?:main|key|most important) (?:points|topics|events|issues|facts)\b`,
    String.raw`\bwhat (?:is|was) the (?:main|key|central) (?:point|issue|topic|disagreement|conflict|story)\b`,
    String.raw`\bwhat happened (?:between|with|to)\b`,
  ].join('|'),
);

// "Which countries are mentioned?": names of one kind across the collection.
const MENTIONED =
  /^(?:which|what) (?:countries|nations|states|places|cities|locations|people|persons|names|organi[sz]ations|companies|institutions) (?:are|were|get|got) (?:mentioned|named|discussed|involved|cited)\b/;

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}' ;-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The intent of one user turn; `corpusName` is CORPUS_NAME, whose last word also names the collection. */
export function intentOf(question: string, corpusName = ''): Intent {
  const q = normalize(question);
  const words = q.split(' ').filter(Boolean).length;
  if (words === 0) return 'question';
  if (words <= MAX_SMALL_TALK_WORDS && GREETING.test(q) && !/\b(?:why|what|who|when|where|how|which)\b/.test(q)) return 'greeting';
  if (HELP.test(q)) return 'help';
  const name = normalize(corpusName).split(' ').pop();
  const nouns = `(?:${[...COLLECTION_NOUNS, ...(name ? [name.replace(/[^\p{L}\p{N}]/gu, '')] : [])].join('|')})`;
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

// The words of overview requests themselves; what else an overview question says is what it is about.
const OVERVIEW_VOCABULARY = new Set(
  tokenize(
    `summarize summarise summary sum up recap overview tldr give write make short brief quick gist main key important central
    points point topics topic events issues issue facts disagreement conflict story happened mentioned named discussed
    involved countries people persons organizations organisations companies places names tools programs documents
    document files articles sources texts pages corpus collection data know please`,
  ),
);

/** The index terms an overview question is about ("what happened between X and Y" → x, y); none for "Summarize everything". */
export function overviewTerms(question: string): string[] {
  return tokenize(question).filter((t) => !OVERVIEW_VOCABULARY.has(t));
}
