/**
 * Document text quoted into an answer. Answers are Markdown whose `[n]`
 * markers become citation chips; brackets inside a document ("[7]",
 * "[2](#cite-2)") would become chips too, citing sources the answer never
 * chose. Escaped, they render as the document wrote them.
 */
export function quoteText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[[\]\\]/g, (ch) => `\\${ch}`);
}
