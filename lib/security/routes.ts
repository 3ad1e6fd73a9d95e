/** Which methods each API route (/api/*, /v1/*) answers, so anything else gets a JSON 405 (or 404) instead of an HTML page. */
const ROUTES: readonly { readonly pattern: RegExp; readonly methods: readonly string[]; readonly limit?: 'questions' | 'uploads' }[] = [
  { pattern: /^\/api\/answer$/, methods: ['POST'], limit: 'questions' },
  { pattern: /^\/api\/chat$/, methods: ['POST'], limit: 'questions' },
  { pattern: /^\/api\/documents$/, methods: ['POST'], limit: 'uploads' },
  { pattern: /^\/api\/documents\/.+$/, methods: ['GET', 'HEAD'] },
  { pattern: /^\/v1\/chat\/completions$/, methods: ['POST'], limit: 'questions' },
  { pattern: /^\/v1\/models$/, methods: ['GET'] },
];

export type RouteMatch = { readonly kind: 'unknown' } | { readonly kind: 'method'; readonly allow: readonly string[] } | { readonly kind: 'ok'; readonly limit?: 'questions' | 'uploads' };

export function matchApiRoute(pathname: string, method: string): RouteMatch {
  const route = ROUTES.find((r) => r.pattern.test(pathname));
  if (!route) return { kind: 'unknown' };
  if (!route.methods.includes(method)) return { kind: 'method', allow: route.methods };
  return route.limit ? { kind: 'ok', limit: route.limit } : { kind: 'ok' };
}
