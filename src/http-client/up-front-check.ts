import type { DestinationPolicy } from './destination-policy.js';
import { parseIpLiteral } from './ip-literal.js';

/**
 * The checks that need no socket (docs/webhook-widget.md): https-only mode, and IP literal hosts refused
 * before undici is even asked for a connection. Returns the refusal message, if any.
 */
export type UpFrontCheck = (url: URL, origin: string, httpsOnly: boolean) => string | undefined;

// Enough for every origin a client really talks to; a flood of distinct origins only resets it.
const MEMO_LIMIT = 1024;

/**
 * Builds the up-front check of one client. The IP literal verdict is a pure function of the
 * origin (host and port) and the client's policy, so it is computed (parsed and judged) once
 * per origin and then reused, instead of on every request.
 */
export function createUpFrontCheck(policy: DestinationPolicy): UpFrontCheck {
  const literalVerdicts = new Map<string, string | null>();
  const judgeLiteral = (url: URL): string | null => {
    const host = bareHost(url);
    if (parseIpLiteral(host) === undefined) return null;
    const verdict = policy.checkAddress(host, portOf(url), host);
    return verdict.allowed ? null : verdict.message;
  };
  return (url, origin, httpsOnly) => {
    const plainHttp = httpsOnly ? plainHttpRefusal(url, policy) : undefined;
    if (plainHttp !== undefined) return plainHttp;
    let verdict = literalVerdicts.get(origin);
    if (verdict === undefined) {
      verdict = judgeLiteral(url);
      if (literalVerdicts.size >= MEMO_LIMIT) literalVerdicts.clear();
      literalVerdicts.set(origin, verdict);
    }
    return verdict ?? undefined;
  };
}

/**
 * The HTTPS-only rule of an account (docs/server.md "Account"): plain `http://` is refused
 * unless the operator allow-lists the host (`--allow`, `HOOKLINE_ALLOW_DESTINATIONS`). The one
 * place the rule is decided: every request of an HTTPS-only send as it leaves (each redirect
 * hop too: webhook widgets, widget tests, deliveries) and a saved webhook's URL as it is
 * saved. Returns the refusal message, or undefined when the URL may be used.
 */
export function plainHttpRefusal(url: URL, policy: DestinationPolicy): string | undefined {
  if (url.protocol !== 'http:') return undefined;
  const host = bareHost(url);
  if (policy.isHostAllowListed(host, portOf(url))) return undefined;
  return (
    `plain http:// to ${host} is not allowed: the account is HTTPS-only (use https://, ` +
    `set allowPlainHttp in the account settings, or have the operator allow the host with ${policy.allowWith})`
  );
}

/** The URL's hostname without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** The URL's port, or the scheme's default. */
export function portOf(url: URL): number {
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}
