/** Which methods each API route (/api/*, /v1/*) answers, so anything else gets a JSON 405 (or 404) instead of an HTML page. */
type Limit = 'questions' | 'uploads';

interface Route {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
  readonly limit?: Limit;
  /** Needs a same-origin request from a browser (uploads, deletions). */
  readonly changesState?: boolean;
  /** Answers without the API key: a supervisor's health check has none. */
  readonly open?: boolean;
}

const ROUTES: readonly Route[] = [
  { pattern: /^\/api\/answer$/, methods: ['POST'], limit: 'questions' },
  { pattern: /^\/api\/chat$/, methods: ['POST'], limit: 'questions' },
  { pattern: /^\/api\/documents$/, methods: ['GET'] },
  { pattern: /^\/api\/documents$/, methods: ['POST'], limit: 'uploads', changesState: true },
  { pattern: /^\/api\/documents\/.+$/, methods: ['GET', 'HEAD'] },
  { pattern: /^\/api\/documents\/.+$/, methods: ['DELETE'], limit: 'uploads', changesState: true },
  { pattern: /^\/api\/health$/, methods: ['GET', 'HEAD'], open: true },
  { pattern: /^\/api\/overview$/, methods: ['GET'] },
  { pattern: /^\/v1\/chat\/completions$/, methods: ['POST'], limit: 'questions' },
  { pattern: /^\/v1\/models$/, methods: ['GET'] },
];

export type RouteMatch =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'method'; readonly allow: readonly string[] }
  | { readonly kind: 'ok'; readonly limit?: Limit; readonly changesState: boolean; readonly open: boolean };

/** A path may have several entries, one per set of methods with the same rules (reading a document, deleting it). */
export function matchApiRoute(pathname: string, method: string): RouteMatch {
  const routes = ROUTES.filter((r) => r.pattern.test(pathname));
  if (routes.length === 0) return { kind: 'unknown' };
  const route = routes.find((r) => r.methods.includes(method));
  if (!route) return { kind: 'method', allow: routes.flatMap((r) => r.methods) };
  return {
    kind: 'ok',
    changesState: route.changesState ?? false,
    open: route.open ?? false,
    ...(route.limit ? { limit: route.limit } : {}),
  };
}

/** Methods that reach Next.js at all: its request objects cannot be built for CONNECT, TRACE or TRACK, which would end in a plain-text 500. */
const SERVED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * What the production server answers itself, before Next.js sees the
 * request: methods no route serves (405) and paths whose percent-encoding is
 * malformed (400), both of which Next.js answers with a bare 500.
 */
export function requestLineRefusal(
  method: string,
  rawUrl: string,
): { readonly status: number; readonly error: string; readonly headers?: Record<string, string> } | undefined {
  if (!SERVED_METHODS.includes(method))
    return { status: 405, error: `${method} is not allowed.`, headers: { Allow: SERVED_METHODS.join(', ') } };
  const pathname = rawUrl.split(/[?#]/, 1)[0] ?? '';
  try {
    decodeURIComponent(pathname);
  } catch {
    return { status: 400, error: 'The request path is not valid percent-encoded text.' };
  }
  return undefined;
}
