import { APICallError } from 'ai';
import { Button } from './button';

/** Turns a failed request into words a reader can act on; the conversation above it stays. */
function friendly(error: Error): string {
  // The server's own words: every API error is a JSON body with `error`.
  if (APICallError.isInstance(error)) {
    let body: unknown;
    try {
      body = JSON.parse(error.responseBody ?? '');
    } catch {
      body = undefined;
    }
    const said = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    return typeof said === 'string' ? said : `The server answered ${error.statusCode ?? 'with an error'}. Please retry.`;
  }
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return "Can't reach the server. Check that it is running, then retry.";
  return 'Something went wrong while answering. Please retry.';
}

export function ErrorBanner({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <div
      data-testid="chat-error"
      role="alert"
      className="flex items-center gap-3 rounded-xl border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="flex-1">{friendly(error)}</p>
      <Button variant="danger" data-testid="retry" onClick={onRetry}>
        Retry
      </Button>
    </div>
  );
}
