/**
 * compromise, the English tagger behind "which people/countries are
 * mentioned" and the suggested questions, loaded on first use: its lexicon
 * costs a process about 30 MB, which a server that is never asked such things
 * should not pay.
 */
type Compromise = typeof import('compromise').default;

let loading: Promise<Compromise> | undefined;

export function loadTagger(): Promise<Compromise> {
  loading ??= import('compromise').then((m) => m.default);
  return loading;
}
