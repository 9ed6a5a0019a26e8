import { createHmac } from 'node:crypto';
import type { Auth } from './auth-schema.js';
import type { OutboundRequest } from './types.js';

/** Time and ids for signing (injected: the engine owns the clock). */
export interface AuthClock {
  nowMs(): number;
  /** A unique message id for `webhook-id`. */
  id(): string;
}

/**
 * Returns `request` with its credentials applied (docs/webhook-widget.md `auth`). Header credentials
 * replace any header of the same name the request already had: the configured auth wins.
 * `hmac` must be applied last, to the final body: it signs `id.timestamp.body`.
 */
export function applyAuth(request: OutboundRequest, auth: Auth, clock: AuthClock): OutboundRequest {
  switch (auth.type) {
    case 'none':
      return request;
    case 'basic': {
      const token = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      return withHeaders(request, [['Authorization', `Basic ${token}`]]);
    }
    case 'bearer':
      return withHeaders(request, [['Authorization', `Bearer ${auth.token}`]]);
    case 'apiKey':
      return auth.in === 'header'
        ? withHeaders(request, [[auth.name, auth.value]])
        : withUrl(request, appendQuery(request.url, auth.name, auth.value));
    case 'hmac':
      return withHeaders(request, signatureHeaders(request.body ?? '', auth.secret, clock));
  }
}

/** Standard Webhooks headers: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (docs/server.md). */
function signatureHeaders(
  body: string,
  secret: string,
  clock: AuthClock,
): Array<readonly [string, string]> {
  const id = clock.id();
  const timestamp = String(Math.floor(clock.nowMs() / 1000));
  const signature = createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestamp}.${body}`, 'utf8')
    .digest('base64');
  return [
    ['webhook-id', id],
    ['webhook-timestamp', timestamp],
    ['webhook-signature', `v1,${signature}`],
  ];
}

/** A `whsec_` secret is base64 after the prefix; any other secret is its own UTF-8 bytes. */
export function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** The request with another URL (its `parsedUrl`, the old URL parsed, is left behind). */
function withUrl(request: OutboundRequest, url: string): OutboundRequest {
  const { method, headers, body } = request;
  return body === undefined ? { method, url, headers } : { method, url, headers, body };
}

function withHeaders(
  request: OutboundRequest,
  added: ReadonlyArray<readonly [string, string]>,
): OutboundRequest {
  const names = new Set(added.map(([name]) => name.toLowerCase()));
  const kept = request.headers.filter(([name]) => !names.has(name.toLowerCase()));
  return { ...request, headers: [...kept, ...added] };
}

/**
 * Appends `name=value` to the query without re-serialising what is there (URLSearchParams
 * would rewrite `%20` as `+`, which some APIs read differently). A URL that does not parse
 * is returned unchanged: the client reports it as INVALID_REQUEST.
 */
function appendQuery(url: string, name: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  parsed.search = parsed.search.length > 1 ? `${parsed.search.slice(1)}&${pair}` : pair;
  return parsed.href;
}
