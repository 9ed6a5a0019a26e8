import type { HttpMethod } from './types.js';

/** One hop of a request: what is sent to one URL. */
export interface Hop {
  method: HttpMethod;
  url: URL;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
}

/** Headers never carried to another origin on a redirect (credentials). */
export const DEFAULT_SENSITIVE_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
];

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Headers that describe a body: meaningless once a redirect turns the request into a GET.
const BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]);

/**
 * The next hop a redirect leads to, or undefined when the response is not one to follow
 * (no `Location`, not http(s), or not a redirect status): the 3xx is then the answer.
 *
 * Method: GET and HEAD stay as they are; any other method becomes a body-less GET on
 * 301/302/303 (what browsers and curl users expect) and is kept, body included, on 307/308.
 * Cross-origin hops drop `Authorization` and every header in `sensitiveHeaders` (lower-case).
 */
export function nextHop(
  hop: Hop,
  status: number,
  location: string | undefined,
  sensitiveHeaders: ReadonlySet<string>,
): Hop | undefined {
  if (!REDIRECT_STATUSES.has(status) || location === undefined) return undefined;
  let target: URL;
  try {
    target = new URL(location, hop.url);
  } catch {
    return undefined;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  // Credentials in a Location are never honoured: the server does not get to pick them.
  target.username = '';
  target.password = '';
  target.hash = '';
  const toGet = hop.method !== 'GET' && hop.method !== 'HEAD' && status !== 307 && status !== 308;
  const crossOrigin = target.origin !== hop.url.origin;
  const headers = hop.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (toGet && BODY_HEADERS.has(lower)) return false;
    if (crossOrigin && (lower === 'host' || sensitiveHeaders.has(lower))) return false;
    return true;
  });
  if (toGet) return { method: 'GET', url: target, headers };
  return hop.body === undefined
    ? { method: hop.method, url: target, headers }
    : { method: hop.method, url: target, headers, body: hop.body };
}
