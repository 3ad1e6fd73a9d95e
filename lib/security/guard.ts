/**
 * The checks every API request passes before its handler runs: the optional
 * API key (401), known route and method (404/405), same-origin for routes that
 * change state (403), and per-client and global rate limits (429). proxy.ts
 * runs them for every API route but uploads, whose handler runs them itself so
 * that its body streams instead of being buffered by the proxy.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import { processWide } from '../memo';
import { isLoopback } from './front';
import { SAME_ORIGIN_HEADER } from './headers';
import { RateLimiter } from './rate-limit';
import { matchApiRoute } from './routes';

export interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Limiters {
  readonly questions?: RateLimiter;
  readonly allQuestions?: RateLimiter;
  readonly uploads?: RateLimiter;
  readonly feedback?: RateLimiter;
}

function limitersFor(limits: Config['limits']): Limiters {
  return processWide('rate-limiters', () => {
    const global = limits.globalQuestionsPerMinute;
    return {
      ...(limits.questionsPerMinute > 0
        ? { questions: new RateLimiter({ perMinute: limits.questionsPerMinute, burst: limits.burst }) }
        : {}),
      ...(limits.questionsPerMinute > 0 && global > 0
        ? { allQuestions: new RateLimiter({ perMinute: global, burst: Math.max(limits.burst, Math.ceil(global / 6)) }) }
        : {}),
      ...(limits.uploadsPerMinute > 0
        ? { uploads: new RateLimiter({ perMinute: limits.uploadsPerMinute, burst: Math.max(1, Math.ceil(limits.uploadsPerMinute / 2)) }) }
        : {}),
      ...(limits.feedbackPerMinute > 0
        ? {
            feedback: new RateLimiter({ perMinute: limits.feedbackPerMinute, burst: Math.max(1, Math.ceil(limits.feedbackPerMinute / 3)) }),
          }
        : {}),
    };
  });
}

/**
 * The client's address: the last X-Forwarded-For entry. The production server
 * (scripts/serve.ts) replaces whatever a client sent with the socket's address
 * unless TRUST_PROXY is set, in which case the last entry is the one the
 * operator's reverse proxy appended.
 */
export function clientOf(headers: Headers): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - 1] ?? 'unknown';
}

/** Compares in constant time, so the key cannot be guessed byte by byte from response times. */
function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a request that changes state comes from this server's own page.
 * Browsers send Origin on every cross-site POST (also `no-cors` ones) and
 * Sec-Fetch-Site on every request; a client that is not a browser sends
 * neither and is judged by the API key alone. A browser request must also
 * carry SAME_ORIGIN_HEADER, which no cross-site form or simple request can.
 */
export function sameOriginRefusal(headers: Headers, trustProxy: boolean): Refusal | undefined {
  const site = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  const refuse: Refusal = {
    status: 403,
    error: "Requests that change documents or feedback must come from this server's own page (or a client that is not a browser).",
  };
  if (site !== null && site !== 'same-origin' && site !== 'none') return refuse;
  if (origin !== null) {
    const host = (trustProxy ? headers.get('x-forwarded-host') : null) ?? headers.get('host');
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      return refuse;
    }
    if (!host || originHost !== host) return refuse;
  }
  // Node's fetch sends Sec-Fetch-Mode too, but neither of these: it is not a browser with another site's page in it.
  const fromBrowser = origin !== null || site !== null;
  if (fromBrowser && headers.get(SAME_ORIGIN_HEADER) !== '1') return refuse;
  return undefined;
}

/**
 * A server that listens beyond this machine with no API key would let anyone on the network change its
 * documents; it takes such changes only when the operator says so (ALLOW_ANONYMOUS_WRITES).
 */
function anonymousWriteRefusal(config: Pick<Config, 'server' | 'limits'>): Refusal | undefined {
  if (config.limits.apiKey || config.server.allowAnonymousWrites || isLoopback(config.server.host)) return undefined;
  return {
    status: 403,
    error: `This server listens on ${config.server.host} without an API key, so it takes no uploads, deletions or feedback. Set CORPUS_CHAT_API_KEY (or ALLOW_ANONYMOUS_WRITES=true to let anyone on the network change documents and send feedback).`,
  };
}

export function guardApiRequest(
  method: string,
  pathname: string,
  headers: Headers,
  config: Pick<Config, 'server' | 'limits'>,
): Refusal | undefined {
  const { apiKey, trustProxy } = config.limits;
  const route = matchApiRoute(pathname, method);
  if (apiKey && !(route.kind === 'ok' && route.open)) {
    const given = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim() ?? '';
    if (!sameKey(given, apiKey))
      return {
        status: 401,
        error: 'This server needs an API key: send Authorization: Bearer <key>.',
        headers: { 'WWW-Authenticate': 'Bearer' },
      };
  }
  if (route.kind === 'unknown') return { status: 404, error: `No API route ${pathname}.` };
  if (route.kind === 'method')
    return {
      status: 405,
      error: `${method} is not allowed here; use ${route.allow.join(' or ')}.`,
      headers: { Allow: route.allow.join(', ') },
    };
  if (route.changesState) {
    const refusal = anonymousWriteRefusal(config) ?? sameOriginRefusal(headers, trustProxy);
    if (refusal) return refusal;
  }
  // The client's own bucket first: a request it refuses takes nothing from the shared one.
  const all = limitersFor(config.limits);
  const client = clientOf(headers);
  const buckets = route.limit
    ? {
        questions: [() => all.questions?.take(client), () => all.allQuestions?.take('*')],
        uploads: [() => all.uploads?.take(client)],
        feedback: [() => all.feedback?.take(client)],
      }[route.limit]
    : [];
  for (const take of buckets) {
    const decision = take();
    if (decision && !decision.allowed) {
      return {
        status: 429,
        error: `Too many requests; try again in ${decision.retryAfterSeconds} s.`,
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      };
    }
  }
  return undefined;
}
