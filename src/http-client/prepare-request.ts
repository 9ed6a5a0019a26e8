import type { Hop } from './redirect.js';
import type { OutboundRequest } from './types.js';

/** A request ready for its first hop, or why it cannot be sent. */
export type PreparedRequest = { kind: 'ready'; hop: Hop } | { kind: 'invalid'; message: string };

export interface PrepareOptions {
  userAgent: string;
  /** Whether the send may retry (SPEC §3: a retried non-GET carries an Idempotency-Key). */
  retried: boolean;
  newId: () => string;
}

// Methods that are idempotent by nature and need no key (SPEC §3 names non-GET requests).
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
    url = new URL(request.url);
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
  const has = (name: string): boolean => headers.some(([key]) => key.toLowerCase() === name);
  if (url.username !== '' || url.password !== '') {
    if (!has('authorization')) {
      const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
      headers.push([
        'Authorization',
        `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`,
      ]);
    }
    url.username = '';
    url.password = '';
  }
  url.hash = '';
  if (!has('user-agent')) headers.push(['User-Agent', options.userAgent]);
  if (options.retried && !NO_KEY_METHODS.has(request.method) && !has('idempotency-key')) {
    headers.push(['Idempotency-Key', options.newId()]);
  }
  const { method, body } = request;
  // Built as literals, not spread: this runs on every send.
  const hop: Hop = body === undefined ? { method, url, headers } : { method, url, headers, body };
  return { kind: 'ready', hop };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
