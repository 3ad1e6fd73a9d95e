/** A plain candidate sentence's measurements for the answer-core tests: every signal at a middling value. */
import type { SentenceFeatures } from '@/lib/answer/evidence';

export const FEATURES: SentenceFeatures = {
  lexical: 0.5,
  lexicalFocus: 0.5,
  dense: 0.5,
  passage: 1,
  cue: false,
  passageNames: 1,
  words: 20,
  numbersUnmatched: 0,
  negated: false,
};
