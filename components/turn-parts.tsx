import { useCorpusWording } from './corpus-wording';

/** The user's turn as the chat shows it; also shown, alone, while the live conversation loads. */
export function UserBubble({ text }: { text: string }) {
  return (
    <div
      data-testid="message-user"
      className="ml-auto max-w-[85%] whitespace-pre-wrap rounded-2xl bg-sky-700 px-4 py-2 text-white dark:bg-sky-800"
    >
      {text}
    </div>
  );
}

/** Said under a question until its answer starts. */
export function Thinking() {
  const corpus = useCorpusWording();
  return (
    <p data-testid="thinking" className="text-sm text-zinc-600 dark:text-zinc-400">
      Searching the {corpus.name}…
    </p>
  );
}
