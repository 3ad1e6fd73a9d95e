/**
 * False premises. A question can take for granted what the documents deny
 * ("Why is the council closing the harbour?" when a text says "the council
 * will not close the harbour"). What a question takes for granted is its verb after the
 * subject ("Why did S <verb> …", "What X did S <verb>") or the clause it opens
 * with ("Since S <verb>ed …, how …", "S <verb>s …, so what …"); a quoted
 * sentence denies it when a denial (the policy's list: "not", "never",
 * "refused" …) comes a few words before one of those terms. Deliberately
 * narrow: a false correction of a right answer costs more than a missed one.
 * A yes/no question takes nothing for granted.
 */
import { AUXILIARIES, alternation, COPULAS, SUBJECT_GLUE } from '../text/english';
import { tokenize } from '../text/tokenize';

const AUXILIARY = alternation(AUXILIARIES);
const WH_QUESTION = new RegExp(String.raw`^(?:why|how|when|where|what(?:\s+\p{L}+)?|which(?:\s+\p{L}+)?)\s+(${AUXILIARY})\s+(.+)$`, 'iu');
// After a form of "be", only a verb in -ing asserts something ("Why is X sending…"); "What is X?" asks what it is.
const COPULA = new RegExp(`^${alternation(COPULAS)}$`, 'i');
// Words that may stand before or inside a named subject ("the committee", "Norway and Iceland").
const GLUE = new RegExp(`^${alternation(SUBJECT_GLUE)}$`, 'i');
const OPENING_CLAUSE = /^(?:since|as|because|given that|now that)\s+([^,?]+),/i;
const CLAUSE_THEN_QUESTION = /^([^,?]+),\s*(?:so|then|but)\b/i;

/** The index terms a question takes for granted; none for a yes/no question or one that assumes nothing. */
export function premiseTerms(question: string): string[] {
  const q = question.trim();
  const out: string[] = [];
  const wh = WH_QUESTION.exec(q);
  if (wh) {
    const words = (wh[2] ?? '').split(/\s+/);
    let i = 0;
    let named = 0;
    for (; i < words.length && (GLUE.test(words[i] ?? '') || /^\p{Lu}/u.test(words[i] ?? '')); i++)
      if (/^\p{Lu}/u.test(words[i] ?? '')) named++;
    // A subject in lower case ("Why does systemd treat…", "the committee closing") is told from its verb by neither
    // case nor position: the next two words both count.
    const candidates = words.slice(i, named > 0 ? i + 1 : i + 2).filter((w) => !COPULA.test(wh[1] ?? '') || /ing\W*$/i.test(w));
    for (const word of candidates) out.push(...tokenize(word.replace(/[^\p{L}]/gu, '')).slice(0, 1));
  }
  const clause = OPENING_CLAUSE.exec(q)?.[1] ?? CLAUSE_THEN_QUESTION.exec(q)?.[1];
  if (clause) out.push(...tokenize(clause));
  return [...new Set(out)];
}

const compiled = new WeakMap<readonly string[], RegExp>();

/** The policy's denials as one whole-word pattern, compiled once per list. */
function denialPattern(denials: readonly string[]): RegExp {
  let pattern = compiled.get(denials);
  if (!pattern) {
    pattern = new RegExp(`^(?:${denials.join('|')})$`, 'iu');
    compiled.set(denials, pattern);
  }
  return pattern;
}

/** Whether `sentence` denies one of `terms`: one of `denials` within `window` words before it. */
export function denies(sentence: string, terms: readonly string[], denials: readonly string[], window: number): boolean {
  if (terms.length === 0) return false;
  const pattern = denialPattern(denials);
  const words = sentence.replace(/n['’]t\b/giu, " n't").split(/\s+/);
  return words.some(
    (word, i) =>
      pattern.test(word.replace(/[^\p{L}'’]/gu, '')) &&
      words.slice(i + 1, i + 1 + window).some((w) => terms.includes(tokenize(w)[0] ?? '')),
  );
}
