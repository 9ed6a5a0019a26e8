import type { Hop } from './redirect.js';
import type { OutboundRequest } from './types.js';

/** A request ready for its first hop, or why it cannot be sent. */
export type PreparedRequest = { kind: 'ready'; hop: Hop } | { kind: 'invalid'; message: string };

export interface PrepareOptions {
  userAgent: string;
  /** Whether the send may retry (docs/webhook-widget.md: a retried non-GET carries an Idempotency-Key). */
  retried: boolean;
  newId: () => string;
}

// Methods that are idempotent by nature and need no key (docs/webhook-widget.md names non-GET requests).
const NO_KEY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Turns an OutboundRequest into its first hop: the URL parsed (http/https only), credentials
 * in the URL moved into a Basic Authorization header (as curl does, so they are never sent
 * in the request line or echoed in `url`), a default User-Agent, and the Idempotency-Key
 * generated ONCE per send so every attempt carries the same one.
 */
export function prepareRequest(request: OutboundRequest, options: PrepareOptions): PreparedRequest {
  let url: URL;
  try {
    url = ownUrl(request);
  } catch {
    // The URL itself is not echoed: it may hold a secret in its query.
    return { kind: 'invalid', message: 'the URL is not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      kind: 'invalid',
      message: `only http and https URLs can be requested, not ${url.protocol}`,
    };
  }
  const headers: Array<readonly [string, string]> = [...request.headers];
  if (url.username !== '' || url.password !== '') {
    if (!hasHeader(headers, 'authorization')) {
      const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
      headers.push([
        'Authorization',
        `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`,
      ]);
    }
    url.username = '';
    url.password = '';
  }
  // A URL setter re-parses the whole URL: only when there is a fragment (maybe an empty
  // one, a bare trailing `#`, which `hash` reads as '') to drop.
  if (url.hash !== '' || url.href.endsWith('#')) url.hash = '';
  if (!hasHeader(headers, 'user-agent')) headers.push(['User-Agent', options.userAgent]);
  if (
    options.retried &&
    !NO_KEY_METHODS.has(request.method) &&
    !hasHeader(headers, 'idempotency-key')
  ) {
    headers.push(['Idempotency-Key', options.newId()]);
  }
  const { method, body } = request;
  // Built as literals, not spread: this runs on every send.
  const hop: Hop = body === undefined ? { method, url, headers } : { method, url, headers, body };
  return { kind: 'ready', hop };
}

/**
 * The request's URL as an object this send may change: the caller's parsed one when it still
 * matches `url` (copied only in the rare case that credentials or a fragment must be removed
 * from it), else `url` parsed (throws when it does not parse).
 */
function ownUrl(request: OutboundRequest): URL {
  const parsed = request.parsedUrl;
  if (parsed === undefined || parsed.href !== request.url) return new URL(request.url);
  const changes = parsed.username !== '' || parsed.password !== '' || parsed.href.includes('#');
  return changes ? new URL(parsed.href) : parsed;
}

/** Whether a header is set, by lower-case name (a loop: no closure per request). */
function hasHeader(headers: ReadonlyArray<readonly [string, string]>, lowerName: string): boolean {
  for (const [name] of headers) if (name.toLowerCase() === lowerName) return true;
  return false;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
