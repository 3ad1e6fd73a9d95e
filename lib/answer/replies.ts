/**
 * Replies that need no retrieval: greetings and thanks, what the assistant
 * does, and which documents it has. They speak in the assistant's own words
 * and cite nothing but the collection's own documents (a collection reply
 * cites each document by its first sentence, so its chip opens the document).
 * Titles come from documents: quoted, they cannot forge a citation marker,
 * a link definition or a line of their own.
 */
import { LIMITS } from './policy';
import type { SmallTalk } from './intent';
import { spanResult } from '../span';
import type { Store } from '../store';
import type { ExtractiveAnswer } from './extractive';
import { quoteText } from './quote';
import type { Citation } from './types';
import type { CorpusWording } from './wording';

/** "the 5 documents", "the 12 user guides (for release 4)": CORPUS_NAME is a plural noun phrase. */
function described(corpus: CorpusWording, index: Store): string {
  return `the ${index.documents.length.toLocaleString('en-US')} ${corpus.name}${corpus.description ? ` (${corpus.description})` : ''}`;
}

function plain(text: string): ExtractiveAnswer {
  return { answer: text, citations: [], pieces: [text] };
}

/**
 * What the collection is about, when CORPUS_DESCRIPTION does not say: ", such as “A” and “B”", its shortest
 * titles (the quickest to read), as they stand in the index.
 */
function examples(corpus: CorpusWording, index: Store): string {
  if (corpus.description || index.documents.length < 2) return '';
  const titles = [...new Set(index.documents.map((d) => d.title.trim()).filter(Boolean))]
    .sort((a, b) => a.length - b.length)
    .slice(0, LIMITS.exampleTitles);
  return titles.length < LIMITS.exampleTitles ? '' : `, such as ${titles.map((t) => `“${quoteText(t)}”`).join(' and ')}`;
}

export function greetingReply(kind: SmallTalk, corpus: CorpusWording, index: Store): ExtractiveAnswer {
  if (kind === 'thanks') return plain(`You're welcome. Ask me anything else about the ${corpus.name}.`);
  if (kind === 'farewell') return plain('Goodbye!');
  return plain(
    `Hello! I answer questions about ${described(corpus, index)}${examples(corpus, index)}. I quote the sentences that answer and cite each one; click a number to read it where it stands.`,
  );
}

export function helpReply(corpus: CorpusWording, index: Store): ExtractiveAnswer {
  return plain(
    [
      `I answer questions about ${described(corpus, index)}.`,
      'I quote the sentences that answer, in their own words, each followed by a number that opens the passage it comes from.',
      `I can also give an overview ("Summarize the ${corpus.name}"), list what I have ("Which documents do you have?") and take follow-up questions.`,
      `I know nothing beyond the ${corpus.name}, and I say so when they don't cover a question.`,
    ].join(' '),
  );
}

/** The documents by title, each cited by its first sentence; the first LIMITS.listedDocuments when there are more. */
export function collectionReply(corpus: CorpusWording, index: Store): ExtractiveAnswer {
  const listed = index.documents.slice(0, LIMITS.listedDocuments);
  const citations: Citation[] = listed.flatMap((doc) => {
    const { from } = index.sentencesOf(doc.id);
    const first = index.sentences[from];
    return first ? [{ id: 0, ...spanResult({ ...first, title: doc.title, score: 1 }) }] : [];
  });
  const numbered = citations.map((c, i) => ({ ...c, id: i + 1 }));
  const more = index.documents.length - numbered.length;
  const head = `I have ${index.documents.length.toLocaleString('en-US')} ${corpus.name}:`;
  const items = numbered.map((c) => `${quoteText(c.title)} [${c.id}]`).join('; ');
  const text = `${head} ${items}${more > 0 ? `; and ${more.toLocaleString('en-US')} more` : ''}.`;
  return { answer: text, citations: numbered, pieces: [text] };
}
