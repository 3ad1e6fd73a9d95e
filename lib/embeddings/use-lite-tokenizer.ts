/**
 * The tokenizer of Universal Sentence Encoder Lite: the highest-scoring split
 * of the text into vocabulary pieces (a Viterbi pass over a trie), as
 * `@energetic-ai/embeddings` does it. That implementation copies the rest of
 * the text at every character, so a question costs ~150 KB of garbage and a
 * 120-word passage megabytes; this one walks the trie in place. It keeps that
 * implementation's quirks (ties go to the later start, unknown characters
 * become id 0 and runs of them one id, the backtrack steps by each piece's
 * UTF-16 length) so that it gives the same ids and vectors in existing indexes
 * stay valid: tests/embeddings/use-lite-tokenizer.test.ts compares the two.
 */

/** [piece, log-probability] per id; the package stores a null score for a few pieces. */
export type UseLiteVocabulary = ReadonlyArray<readonly [string, number | null]>;

const SEPARATOR = '\u2581';
/** Ids below this are control symbols that the text can never produce. */
const RESERVED_IDS = 6;
const UNKNOWN_ID = 0;

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  /** The id of the piece that ends here, or -1. */
  id: number;
  score: number;
}

const trieNode = (): TrieNode => ({ children: new Map(), id: -1, score: 0 });

export interface UseLiteTokenizer {
  encode(text: string): number[];
}

export function createUseLiteTokenizer(vocabulary: UseLiteVocabulary): UseLiteTokenizer {
  const root = trieNode();
  for (let id = RESERVED_IDS; id < vocabulary.length; id++) {
    const [piece, score] = vocabulary[id] as readonly [string, number | null];
    let node = root;
    for (const symbol of piece) {
      let child = node.children.get(symbol);
      if (!child) {
        child = trieNode();
        node.children.set(symbol, child);
      }
      node = child;
    }
    // A piece listed twice keeps its last id, as in the reference trie.
    node.id = id;
    node.score = score ?? 0;
  }
  const pieceLength = Int32Array.from(vocabulary, ([piece]) => piece.length);

  return {
    encode(text) {
      const normalized = text.normalize('NFKC');
      const symbols = normalized.length > 0 ? Array.from(SEPARATOR + normalized.replaceAll(' ', SEPARATOR)) : [];
      const n = symbols.length;
      // best[i]: score of the best split of the first i symbols (0 = none yet); words[i]: its last piece.
      const best = new Float64Array(n + 1);
      const words = new Int32Array(n + 1);
      const offer = (end: number, score: number, id: number) => {
        if (best[end] === 0 || score >= (best[end] as number)) {
          best[end] = score;
          words[end] = id;
        }
      };
      // best[start] is final when `start` comes up: every piece ending there starts earlier.
      for (let start = 0; start < n; start++) {
        const base = best[start] as number;
        let matched = false;
        let node = root.children.get(symbols[start] as string);
        for (let end = start + 1; node; end++) {
          if (node.id >= 0) {
            offer(end, node.score + base, node.id);
            matched = true;
          }
          if (end >= n) break;
          node = node.children.get(symbols[end] as string);
        }
        if (!matched) offer(start + 1, base, UNKNOWN_ID);
      }
      const ids: number[] = [];
      for (let at = n; at > 0; at -= pieceLength[words[at] as number] as number) {
        const id = words[at] as number;
        if (!(id === UNKNOWN_ID && ids[ids.length - 1] === UNKNOWN_ID)) ids.push(id);
      }
      return ids.reverse();
    },
  };
}

/**
 * A batch as the model takes it: one [row, position] pair and one id per token, every text's tokens in turn.
 * A blank text, which the model rejects, is read as a single space.
 */
export function sparseBatch(
  tokenizer: UseLiteTokenizer,
  texts: readonly string[],
): { tokens: number; positions: Int32Array; ids: Int32Array } {
  const encoded = texts.map((t) => tokenizer.encode(t.trim() === '' ? ' ' : t));
  const tokens = encoded.reduce((sum, row) => sum + row.length, 0);
  const positions = new Int32Array(tokens * 2);
  const ids = new Int32Array(tokens);
  let at = 0;
  encoded.forEach((row, r) => {
    for (let p = 0; p < row.length; p++, at++) {
      positions[2 * at] = r;
      positions[2 * at + 1] = p;
      ids[at] = row[p] as number;
    }
  });
  return { tokens, positions, ids };
}
