/**
 * What the production server (scripts/serve.ts) answers itself, before
 * Next.js or any route sees a request: Host names it was not started for
 * (DNS rebinding), request targets that are not a path (`*`, absolute form),
 * methods no route serves, paths whose percent-encoding is malformed, image
 * URLs that are not this site's, and methods pages do not take. Next.js would
 * answer most of these with a bare 500, a page with 200, or a redirect to the
 * attacker's host.
 */
import { isIP } from 'node:net';
import type { Config } from '../config';
import type { Refusal } from './guard';
import { isApiPath } from './routes';

/** Methods that reach Next.js at all: its request objects cannot be built for CONNECT, TRACE or TRACK, which would end in a plain-text 500. */
const SERVED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Pages and static files are read, never written: a PUT to `/` would otherwise render the page with 200. */
const PAGE_METHODS = ['GET', 'HEAD'];

/** The host name of a Host header value, lower-cased, without port, brackets or a trailing dot; undefined when malformed. */
export function hostName(header: string): string | undefined {
  const value = header.trim().toLowerCase();
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]/\s@]+))(?::(\d{1,5}))?$/.exec(value);
  if (!match) return undefined;
  const name = (match[1] ?? match[2] ?? '').replace(/\.$/, '');
  return name || undefined;
}

/** Addresses that only this machine reaches. */
export function isLoopback(host: string): boolean {
  const name = hostName(host) ?? host;
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || (isIP(name) === 4 && name.startsWith('127.'));
}

/** The address that means "every interface": not a name a client sends, so not one to allow. */
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Whether a client may name the server `host`. An IP address is always
 * allowed: a rebinding page's origin is a domain name, and a browser sends
 * that name. Names must be localhost, the bound host or one of ALLOWED_HOSTS.
 */
export function hostAllowed(host: string, server: Config['server']): boolean {
  const name = hostName(host);
  if (!name) return false;
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  const bound = hostName(server.host);
  if (bound && !ANY_ADDRESS.has(server.host) && name === bound) return true;
  return server.allowedHosts.some((allowed) =>
    allowed === '*' ? true : allowed.startsWith('.') ? name.endsWith(allowed) || name === allowed.slice(1) : name === allowed,
  );
}

export interface FrontRequest {
  readonly method: string;
  /** The request target as sent: a path, `*` or an absolute URL. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** A `url` parameter of the image optimiser that is this site's own path (not `//host`, not `/\host`). */
function localImage(search: string): boolean {
  const url = new URLSearchParams(search).get('url') ?? '';
  return /^\/(?![/\\])/.test(url) && !/[\\\s]/.test(url);
}

export function frontRefusal(request: FrontRequest, config: Pick<Config, 'server' | 'limits'>): Refusal | undefined {
  const { method, target } = request;
  if (!SERVED_METHODS.includes(method))
    return { status: 405, error: `${method} is not allowed.`, headers: { Allow: SERVED_METHODS.join(', ') } };
  // Origin-form only: `*` (OPTIONS *) and absolute URLs (`GET http://evil.example/…`, which Next.js redirected to that host).
  if (!target.startsWith('/') || target.startsWith('//'))
    return { status: 400, error: 'The request target must be a path on this server, such as /api/health.' };
  const hosts = [one(request.headers.host), ...(config.limits.trustProxy ? [one(request.headers['x-forwarded-host'])] : [])];
  for (const host of hosts) {
    if (host === undefined) continue;
    if (!hostAllowed(host, config.server))
      return {
        status: 421,
        error: `This server does not answer for the host "${host.slice(0, 100)}". Reach it by localhost or its address, or add the name to ALLOWED_HOSTS.`,
      };
  }
  const [pathname = '', search = ''] = target.split('?', 2);
  try {
    decodeURIComponent(pathname);
  } catch {
    return { status: 400, error: 'The request path is not valid percent-encoded text.' };
  }
  if (pathname === '/_next/image' && !localImage(search)) return { status: 400, error: 'The image URL must be a path on this server.' };
  const api = isApiPath(pathname);
  if (!api && !PAGE_METHODS.includes(method))
    return { status: 405, error: `${method} is not allowed on pages; use GET.`, headers: { Allow: PAGE_METHODS.join(', ') } };
  return undefined;
}
