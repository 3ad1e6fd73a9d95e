/**
 * Typed errors that carry what a user may see. Route handlers map `status`;
 * the CLI prints `message` and exits non-zero. Anything else is a bug and is
 * reported generically, never with its stack.
 */
export type ErrorCode =
  | 'bad_request'
  | 'payload_too_large'
  | 'request_timeout'
  | 'not_found'
  | 'version_gone'
  | 'index_missing'
  | 'index_corrupt'
  | 'index_busy'
  | 'store_unavailable'
  | 'disk_full'
  | 'corpus_empty'
  | 'embedder_unavailable'
  | 'config_invalid';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  payload_too_large: 413,
  request_timeout: 408,
  not_found: 404,
  version_gone: 410,
  index_missing: 503,
  index_corrupt: 503,
  index_busy: 409,
  store_unavailable: 503,
  disk_full: 507,
  corpus_empty: 422,
  embedder_unavailable: 503,
  config_invalid: 500,
};

/**
 * Marks an AppError. Next.js loads this module once per layer, and an index or
 * model shared between layers (see processWide) throws the other copy's
 * AppError, which fails `instanceof` here.
 */
const BRAND = Symbol.for('corpus-chat:AppError');

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly [BRAND] = true;
  /** What went wrong, without the hint. */
  readonly problem: string;
  /** What the user can do about it, if anything ("Run `npm run index` to rebuild it."). */
  readonly hint?: string;
  constructor(
    readonly code: ErrorCode,
    problem: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    // The message says both, for the CLI, logs and the API's `error`; callers that want one read `problem` or `hint`.
    super(options?.hint ? `${problem} ${options.hint}` : problem, options?.cause === undefined ? undefined : { cause: options.cause });
    this.problem = problem;
    if (options?.hint) this.hint = options.hint;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** What to do about a missing or unusable index. */
export const INDEX_HINT = { build: 'Run `npm run index` to build it.', rebuild: 'Run `npm run index` to rebuild it.' } as const;

export function isAppError(error: unknown): error is AppError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}

/** A message safe to show a user: the AppError's own, or a generic one for anything unexpected. */
export function userMessage(error: unknown): string {
  return isAppError(error) ? error.message : 'Something went wrong on our side.';
}
