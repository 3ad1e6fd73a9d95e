/**
 * Runs before every request but uploads (see `config` below): security
 * headers and a per-request CSP nonce on pages; for the API, the checks of
 * lib/security/guard (API key, JSON 404/405, same-origin for changes, rate limits).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { openAIError } from '@/lib/openai/schema';
import { guardApiRequest } from '@/lib/security/guard';
import { isApiPath } from '@/lib/security/routes';
import { contentSecurityPolicy, SECURITY_HEADERS } from '@/lib/security/headers';

function withSecurityHeaders(response: NextResponse, csp?: string): NextResponse {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  if (csp) response.headers.set('Content-Security-Policy', csp);
  return response;
}

export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  if (isApiPath(pathname)) {
    const refusal = guardApiRequest(request.method, pathname, request.headers, getConfig());
    if (refusal) {
      // /v1 speaks OpenAI's error shape; /api its own `{error}`.
      const body = pathname.startsWith('/v1/') ? openAIError(refusal.status, refusal.error).body : { error: refusal.error };
      return withSecurityHeaders(NextResponse.json(body, { status: refusal.status, headers: refusal.headers ?? {} }));
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
  // Next.js buffers the whole body of every request its proxy sees; uploads (POST /api/documents, exactly)
  // stream to disk instead, and their handler runs the same guard.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/documents$).*)' }],
};
