/**
 * "Which countries are mentioned?": the names of one kind the collection
 * mentions most, found by compromise's tagger (countries, places, people,
 * organisations), each cited by the first sentence that names it. Tagging runs
 * once per loaded index and kind, over at most `overview.entityChars`
 * characters of text, so a large corpus answers from its first documents.
 */
import { spanResult } from '../span';
import type { Store } from '../store';
import { alternation, ENTITY_NOUNS } from '../text/english';
import { loadTagger } from '../text/tagger';
import type { ExtractiveAnswer } from './extractive';
import { type AnswerPolicy, LIMITS } from './policy';
import type { Citation } from './types';
import type { CorpusWording } from './wording';

export type EntityKind = 'countries' | 'places' | 'people' | 'organizations';

/** The kind of names a "which … are mentioned" question asks for. */
export function entityKindOf(question: string): EntityKind | undefined {
  const noun = new RegExp(String.raw`\b(?:which|what) (${alternation(Object.values(ENTITY_NOUNS).flat())})\b`, 'i')
    .exec(question)?.[1]
    ?.toLowerCase();
  if (!noun) return undefined;
  return (Object.keys(ENTITY_NOUNS) as EntityKind[]).find((kind) => new RegExp(`^${alternation(ENTITY_NOUNS[kind])}$`).test(noun));
}

interface Mention {
  readonly name: string;
  readonly docId: string;
  /** Offset of the first mention in the document text. */
  readonly at: number;
  readonly count: number;
}

/** What is read of compromise's matches. */
interface Matches {
  json(): unknown;
}

type Tagger = Awaited<ReturnType<typeof loadTagger>>;

function matchesOf(doc: ReturnType<Tagger>, kind: EntityKind): Matches {
  if (kind === 'countries') return doc.match('#Country+');
  if (kind === 'places') return doc.places();
  if (kind === 'people') return doc.people().not('#Honorific');
  return doc.organizations();
}

const cache = new WeakMap<Store, Map<EntityKind, Mention[]>>();

function mentionsOf(nlp: Tagger, index: Store, kind: EntityKind, maxChars: number): Mention[] {
  let byKind = cache.get(index);
  if (!byKind) {
    byKind = new Map();
    cache.set(index, byKind);
  }
  const known = byKind.get(kind);
  if (known) return known;
  const found = new Map<string, { docId: string; at: number; count: number }>();
  let chars = 0;
  for (const document of index.documents) {
    if (chars >= maxChars) break;
    const text = document.text.slice(0, maxChars - chars);
    chars += text.length;
    for (const { text: raw } of matchesOf(nlp(text), kind).json() as readonly { text: string }[]) {
      const name = raw
        .replace(/^the\s+/i, '')
        .replace(/['’]s\b.*$/u, '')
        .replace(/[^\p{L}\p{N}]+$/u, '')
        .replace(/^[^\p{L}\p{N}]+/u, '')
        .trim();
      if (!/^\p{Lu}/u.test(name)) continue;
      const seen = found.get(name);
      if (seen) seen.count++;
      else found.set(name, { docId: document.id, at: text.indexOf(name), count: 1 });
    }
  }
  const mentions = [...found].map(([name, m]) => ({ name, ...m })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  byKind.set(kind, mentions);
  return mentions;
}

export async function mentionsReply(
  kind: EntityKind,
  corpus: CorpusWording,
  index: Store,
  policy: AnswerPolicy,
): Promise<ExtractiveAnswer | undefined> {
  const nlp = await loadTagger();
  const citations: Citation[] = [];
  const names: string[] = [];
  for (const m of mentionsOf(nlp, index, kind, policy.overview.entityChars)) {
    if (citations.length >= LIMITS.listedNames) break;
    const i = index.sentenceAt(m.docId, m.at);
    const sentence = i === undefined ? undefined : index.sentences[i];
    if (!sentence) continue;
    const id = citations.length + 1;
    citations.push({ id, ...spanResult({ ...sentence, title: index.document(m.docId)?.title ?? m.docId, score: m.count }) });
    names.push(`${m.name} [${id}]`);
  }
  if (names.length === 0) return undefined;
  const text = `The ${corpus.name} mention these ${kind} most: ${names.join(', ')}.`;
  return { answer: text, citations, pieces: [text] };
}
