/** Which methods each API route (/api/*, /v1/*, /mcp) answers, so anything else gets a JSON 405 (or 404) instead of an HTML page. */
type Limit = 'questions' | 'uploads' | 'feedback';

interface Route {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
  readonly limit?: Limit;
  /** Needs a same-origin request from a browser (uploads, deletions, feedback). */
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
  { pattern: /^\/api\/feedback$/, methods: ['POST'], limit: 'feedback', changesState: true },
  { pattern: /^\/api\/health$/, methods: ['GET', 'HEAD'], open: true },
  { pattern: /^\/api\/overview$/, methods: ['GET'] },
  // MCP over Streamable HTTP (stateless): POST carries calls; GET and DELETE get the transport's own 405.
  { pattern: /^\/mcp$/, methods: ['POST', 'GET', 'DELETE'], limit: 'questions' },
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

/** Whether a path is the API's (guarded, answered in JSON) rather than a page's. */
export function isApiPath(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname.startsWith('/v1/') || pathname === '/mcp';
}
