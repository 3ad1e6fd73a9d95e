/**
 * The answer policy: every weight, threshold and length the extractive
 * answerer uses, in one zod-checked object. Nothing in it comes from a
 * particular corpus; the numbers are fitted by `npm run fit-policy` with k-fold
 * cross-validation over the public suites (docs/evaluation.md gives the
 * held-out folds), and a deployment may load its own fitted file through
 * ANSWER_POLICY.
 */
import { z } from 'zod';
import { readSettingFile } from '../config';
import { CAUSE_CUES, COUNT_CUES, DENIALS, SPEECH_VERBS, TIME_CUES } from '../text/english';

const share = z.number().min(0).max(1);
const words = z.number().int().min(0).max(400);
const pattern = z
  .string()
  .min(1)
  .refine((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'not a regular expression');

export const policySchema = z.object({
  /** How a sentence's signals add up to its relevance (see evidence.ts). */
  weights: z.object({
    // Share of the question's IDF-weighted terms the sentence contains: precise, but blind to paraphrase.
    lexical: z.number().min(0),
    // Share of the lexical weight given to the words of the user's last message: in a follow-up they say what is
    // asked now, the earlier turns added for retrieval only what it is about.
    focus: share,
    // Embedding similarity: catches paraphrase, but the offline embedder separates related from unrelated only coarsely.
    dense: z.number().min(0),
    // The retriever's score of the passage, relative to the best: trusts retrieval, which is right far more often than sentence scores.
    passage: z.number().min(0),
    // The sentence has the shape of this question type's answer (a date for "when", a number for "how many").
    cue: z.number().min(0),
  }),
  /**
   * Multipliers for sentences that rarely answer; lower demotes harder. Only the off-topic one is left: the
   * penalties for short sentences, questions, headings and foreign-language sentences and the discount for long
   * ones each helped on fewer than two suites when taken out one at a time (npm run fit-policy -- --ablate;
   * docs/evaluation.md), and went.
   */
  penalties: z.object({
    // A sentence whose passage does not mention the names the question is about.
    offTopic: share,
  }),
  // Share of the question's names a passage must mention to be on topic (one of two, half of more): lower keeps
  // answers whose text names things differently, higher keeps off answers about something else.
  onTopicNames: share,
  /** How the answer is assembled around the best sentence. */
  selection: z.object({
    // Words the answer may use. Longer finds more answers, shorter reads better; 80 is the most an answer may have.
    words,
    // Words the best sentence and the sentences after it reach before other places may join (the sentence that
    // crosses it is still taken).
    anchorWords: words,
    // A following sentence joins when its score is at least this share of the best one's; 0 reads on regardless.
    continuation: share,
    // Another place joins when its best sentence scores at least this share of the best one's (questions that need two facts).
    elsewhere: share,
    // Above this vector similarity to a chosen sentence, another place says nothing new. At 0.8 it cost 18
    // squad-train and 4 squad2 answers and helped only domain-dev; at 0.95 it keeps near-copies out (a caption that
    // restates a sentence) and changes no suite's score by more than one answer.
    redundant: share,
  }),
  /** Overviews ("Summarize…", "What are these documents about?"): central sentences picked by MMR. */
  overview: z.object({
    // Words an overview may use; the eval allows about 120.
    words,
    // Shorter sentences are captions and fragments, not points.
    minWords: words,
    // Passages retrieved for an overview of something named ("what happened between X and Y").
    passages: z.number().int().min(1).max(50),
    // Sentences from the start of each document considered for an overview of everything (leads say what a document is about).
    leadSentences: z.number().int().min(1).max(100),
    // Documents considered for an overview of everything, in index order.
    maxDocuments: z.number().int().min(1).max(10_000),
    // Centrality against novelty: 1 picks the most central sentences even if they repeat each other.
    mmr: share,
    // For an overview of something named, closeness to the request against centrality among the retrieved
    // sentences: 0 says what the passages say most, 1 quotes what is nearest the request's words.
    query: share,
    // Taken off a sentence from a document already quoted, so more documents get a say.
    sameDocument: share,
    // Characters of text tagged for "which countries/people… are mentioned" (compromise reads about 1 MB/s).
    entityChars: z.number().int().min(1000).max(50_000_000),
  }),
  /**
   * What a sentence that answers each type of question contains: regular-expression alternatives, matched as
   * whole words in any case. The defaults are the English lexicon's (lib/text/english.ts); a cue earns
   * `weights.cue`, and a how-many or when answer without one is at most low confidence.
   */
  cues: z.object({
    why: z.array(pattern).min(1),
    when: z.array(pattern).min(1),
    howMany: z.array(pattern).min(1),
    say: z.array(pattern).min(1),
    // Words that deny what follows them ("will not close", "refused to sign"): a quoted sentence that denies what the
    // question takes for granted is said to contradict it (lib/answer/premise.ts).
    deny: z.array(pattern).min(1),
  }),
  // How many words after a denial may name what a question takes for granted: more catches "did not at first plan
  // to close the harbour", fewer keeps "not" in an unrelated clause from correcting a right answer.
  premiseWindow: z.number().int().min(1).max(10),
  /** When to refuse before the answer model is asked. */
  refusal: z.object({
    // Below this the best sentence is noise: refuse. The model rarely sees a question about another subject
    // altogether (13 in the public suites), so this floor still catches those (docs/evaluation.md has its ablation).
    minScore: share,
  }),
  confidence: z.object({
    // The answer model's support (lib/answer/model.ts: the probability that the answer is right) from which an
    // answer is "high" or "medium" confidence; below "medium" it is "low" (quoted, with a hint). On the held-out
    // folds of npm run train, 86% of answers with support from 0.8 were right, 72% from 0.6, about half below.
    high: share,
    medium: share,
  }),
});

export type AnswerPolicy = z.infer<typeof policySchema>;

export const DEFAULT_POLICY: AnswerPolicy = policySchema.parse({
  weights: { lexical: 0.5, focus: 0.25, dense: 0.15, passage: 0.2, cue: 0.1 },
  penalties: { offTopic: 0.5 },
  onTopicNames: 0.5,
  selection: { words: 80, anchorWords: 35, continuation: 0, elsewhere: 0.6, redundant: 0.95 },
  overview: {
    words: 110,
    minWords: 8,
    passages: 8,
    leadSentences: 6,
    maxDocuments: 200,
    mmr: 0.7,
    query: 0.5,
    sameDocument: 0.1,
    entityChars: 500_000,
  },
  cues: { why: [...CAUSE_CUES], when: [...TIME_CUES], howMany: [...COUNT_CUES], say: [...SPEECH_VERBS], deny: [...DENIALS] },
  premiseWindow: 3,
  refusal: { minScore: 0.3 },
  confidence: { high: 0.8, medium: 0.6 },
});

/**
 * Fixed limits of the answer layer's handling of words and names. They are not fitted and not loaded from
 * ANSWER_POLICY (nothing about a corpus or its questions moves them), but they live here beside the fitted numbers
 * so that every number the answer layer uses is in this file or in the model file.
 */
export const LIMITS = {
  // A turn of more words than this is a question, even if it opens with "thanks" or "hello".
  smallTalkWords: 6,
  // Names a "which … are mentioned" reply lists, and documents the collection reply lists, before "and N more".
  listedNames: 12,
  listedDocuments: 20,
  // Document titles the greeting quotes as examples.
  exampleTitles: 2,
  // The longest acronym read from the documents ("IETF", "UNESCO"): longer runs of capitals are not acronyms.
  acronymLetters: 6,
  // Quoted sentences read when choosing suggested questions (the build answers each candidate).
  quotations: 2000,
  /** How far two spellings of a name may differ and still be one name (question.ts, isMentioned). */
  spelling: {
    // Shorter names are matched exactly: swapped letters in "ECB" make another acronym.
    minName: 3,
    // "Iceland"/"Icelandic": a country and its people share a stem of at least 5 letters, at most 3 letters apart.
    minRoot: 5,
    maxSuffix: 3,
    // "Dostoyevsky"/"Dostoevsky": transliterations of at least 4 letters differ by at most one.
    minTransliterated: 4,
    maxLengthDifference: 1,
  },
  /** What a language model may send back (lib/answer/llm). */
  llm: {
    // Characters of a citation marker before it is text, not a marker ("[1, 2, 3]" is 9).
    markerChars: 24,
    // A rewritten follow-up: at most this many characters, and tokens asked for.
    rewriteChars: 2000,
    rewriteTokens: 120,
  },
} as const;

/** A policy file (JSON, as `npm run fit-policy` writes it) over the defaults; a bad file is a ConfigError naming it. */
export function loadPolicy(file: string | undefined): AnswerPolicy {
  return file
    ? readSettingFile('ANSWER_POLICY', file, 'an answer policy', policySchema, (raw) => merge(DEFAULT_POLICY, raw))
    : DEFAULT_POLICY;
}

function merge(base: unknown, over: unknown): unknown {
  if (typeof base !== 'object' || base === null || typeof over !== 'object' || over === null || Array.isArray(over)) return over ?? base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}
