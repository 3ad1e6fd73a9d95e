/**
 * Runs before every request: security headers and a per-request CSP nonce on
 * pages; for the API, the optional API key (401), JSON 404/405 for unknown
 * routes and methods, and per-client rate limits on questions and uploads
 * (429 with Retry-After).
 */
import { timingSafeEqual } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { openAIError } from '@/lib/openai/schema';
import { contentSecurityPolicy, SECURITY_HEADERS } from '@/lib/security/headers';
import { RateLimiter } from '@/lib/security/rate-limit';
import { matchApiRoute } from '@/lib/security/routes';

let limiters: { questions?: RateLimiter; allQuestions?: RateLimiter; uploads?: RateLimiter } | undefined;

function rateLimiters() {
  if (!limiters) {
    const { limits } = getConfig();
    const global = limits.globalQuestionsPerMinute;
    limiters = {
      ...(limits.questionsPerMinute > 0 ? { questions: new RateLimiter({ perMinute: limits.questionsPerMinute, burst: limits.burst }) } : {}),
      ...(limits.questionsPerMinute > 0 && global > 0 ? { allQuestions: new RateLimiter({ perMinute: global, burst: Math.max(limits.burst, Math.ceil(global / 6)) }) } : {}),
      ...(limits.uploadsPerMinute > 0 ? { uploads: new RateLimiter({ perMinute: limits.uploadsPerMinute, burst: Math.max(1, Math.ceil(limits.uploadsPerMinute / 2)) }) } : {}),
    };
  }
  return limiters;
}

/**
 * The client's address. Next.js sets X-Forwarded-For from the connection only
 * when the request has none, so without a trusted proxy a client can name
 * itself: per-client limits are then best effort, and the global limit is what
 * bounds the load.
 */
function clientOf(request: NextRequest): string {
  const forwarded = (request.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const chosen = getConfig().limits.trustProxy ? forwarded[0] : forwarded[forwarded.length - 1];
  return chosen ?? 'unknown';
}

function withSecurityHeaders(response: NextResponse, csp?: string): NextResponse {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  if (csp) response.headers.set('Content-Security-Policy', csp);
  return response;
}

/** /v1 speaks OpenAI's error shape; /api its own `{error}`. */
function jsonError(pathname: string, status: number, error: string, headers: Record<string, string> = {}): NextResponse {
  const body = pathname.startsWith('/v1/') ? openAIError(status, error).body : { error };
  return withSecurityHeaders(NextResponse.json(body, { status, headers }));
}

/** Compares in constant time, so the key cannot be guessed byte by byte from response times. */
function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/api/') || pathname.startsWith('/v1/')) {
    const { apiKey } = getConfig().limits;
    if (apiKey) {
      const given = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim() ?? '';
      if (!sameKey(given, apiKey)) return jsonError(pathname, 401, 'This server needs an API key: send Authorization: Bearer <key>.', { 'WWW-Authenticate': 'Bearer' });
    }
    const route = matchApiRoute(pathname, request.method);
    if (route.kind === 'unknown') return jsonError(pathname, 404, `No API route ${pathname}.`);
    if (route.kind === 'method') return jsonError(pathname, 405, `${request.method} is not allowed here; use ${route.allow.join(' or ')}.`, { Allow: route.allow.join(', ') });
    // The client's own bucket first: a request it refuses takes nothing from the shared one.
    const all = rateLimiters();
    const buckets = route.limit === 'questions' ? [() => all.questions?.take(clientOf(request)), () => all.allQuestions?.take('*')] : route.limit === 'uploads' ? [() => all.uploads?.take(clientOf(request))] : [];
    for (const take of buckets) {
      const decision = take();
      if (decision && !decision.allowed) {
        return jsonError(pathname, 429, `Too many requests; try again in ${decision.retryAfterSeconds} s.`, { 'Retry-After': String(decision.retryAfterSeconds) });
      }
    }
    return withSecurityHeaders(NextResponse.next());
  }
  // Pages: Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
