/**
 * The English lexicon: every general-English word list the pipeline uses, in
 * one module so that another language is one swappable file (as orama keeps
 * its language data). Nothing here comes from a corpus or an eval question.
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

/** Words that negate what follows; "n't" is matched on its own (didn't → did + n't). */
export const NEGATIONS: readonly string[] = ['not', "n't", 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without'];

const NEGATION = new RegExp(String.raw`\b(?:${NEGATIONS.filter((w) => w !== "n't").join('|')})\b|n['’]t\b`, 'i');

/** Whether a text negates anything ("did not", "never", "isn't"). */
export function negates(text: string): boolean {
  return NEGATION.test(text);
}
