/**
 * Response headers for every page and route: a nonce-based Content Security
 * Policy (scripts run only with this request's nonce), no framing, no MIME
 * sniffing, no referrer leaks.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * The header the page sends (value `1`) with requests that change documents:
 * a custom header makes a cross-site request need a CORS preflight, which this
 * server never grants, so no other site's page can send it.
 */
export const SAME_ORIGIN_HEADER = 'x-corpus-chat';
