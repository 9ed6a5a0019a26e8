import { Agent } from 'undici';
import type { DestinationPolicy } from './destination-policy.js';
import type { TransportFailureReason } from './error-reasons.js';
import { createGuardedConnector, type ConnectionLog, type Resolver } from './guarded-connector.js';
import { parseIpLiteral } from './ip-literal.js';
import { readResponse } from './read-response.js';
import { nextHop, type Hop } from './redirect.js';
import { describeTransportError } from './transport-errors.js';

/** Everything one attempt needs; built once per client and send. */
export interface AttemptSettings {
  policy: DestinationPolicy;
  resolve: Resolver;
  maxResponseBytes: number;
  maxRedirects: number;
  sensitiveHeaders: ReadonlySet<string>;
  httpsOnly: boolean;
  /** Live agents, so that `close()` can tear them down. */
  agents: Set<Agent>;
}

/** How one attempt (with its redirect hops) ended. */
export type AttemptResult = (
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string>;
      bodyText: string;
      url: URL;
    }
  | { kind: 'failure'; reason: TransportFailureReason; message: string; status: number }
) & { remoteAddress?: string };

/**
 * Sends one attempt: the request and up to `maxRedirects` redirect hops, each judged by the
 * destination policy, within `timeoutMs`. A fresh agent per attempt keeps what its connector
 * saw (the refusal, the peer address) attributable to this attempt alone.
 */
export async function sendAttempt(
  first: Hop,
  settings: AttemptSettings,
  limits: { timeoutMs: number; signal?: AbortSignal },
): Promise<AttemptResult> {
  const log: ConnectionLog = { remoteAddresses: new Map() };
  const connect = createGuardedConnector({
    policy: settings.policy,
    resolve: settings.resolve,
    connectTimeoutMs: Math.max(1, limits.timeoutMs),
    log,
  });
  // Our own abort timer is the only clock: undici's timeouts would race it with other codes.
  const agent = new Agent({ connect, headersTimeout: 0, bodyTimeout: 0 });
  settings.agents.add(agent);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMs);
  const onCancel = (): void => {
    controller.abort();
  };
  if (limits.signal?.aborted === true) controller.abort();
  limits.signal?.addEventListener('abort', onCancel, { once: true });
  let hop = first;
  let status = 0;
  const remoteAddress = (): string | undefined =>
    log.remoteAddresses.get(`${bareHost(hop.url)}:${portOf(hop.url)}`);
  const withAddress = (result: AttemptResult): AttemptResult => {
    const address = remoteAddress();
    return address === undefined ? result : { ...result, remoteAddress: address };
  };
  const fail = (error: unknown): AttemptResult => {
    const target = `${hop.url.hostname}:${portOf(hop.url)}`;
    if (timedOut) {
      const message = `${target} did not answer within ${limits.timeoutMs} ms`;
      return withAddress({ kind: 'failure', reason: 'TIMEOUT', message, status });
    }
    if (limits.signal?.aborted === true) {
      const message = 'the request was cancelled';
      return { kind: 'failure', reason: 'CONNECTION_ERROR', message, status };
    }
    if (log.blockedMessage !== undefined) return blocked(log.blockedMessage, status);
    return withAddress({ kind: 'failure', ...describeTransportError(error, target), status });
  };
  try {
    for (let redirects = 0; ; redirects += 1) {
      const refusal = refuseUpFront(hop.url, settings);
      if (refusal !== undefined) return blocked(refusal, status);
      const response = await agent.request({
        origin: hop.url.origin,
        path: `${hop.url.pathname}${hop.url.search}`,
        method: hop.method,
        headers: hop.headers.flat(),
        body: hop.body ?? null,
        signal: controller.signal,
      });
      status = response.statusCode;
      const location = headerValue(response.headers.location);
      const next =
        redirects < settings.maxRedirects
          ? nextHop(hop, status, location, settings.sensitiveHeaders)
          : undefined;
      if (next === undefined) {
        const read = await readResponse(response, hop.method, settings.maxResponseBytes);
        if (read.kind === 'error') return fail(read.error);
        if (read.kind === 'failure') return withAddress({ ...read, status });
        return withAddress({ ...read, status, url: hop.url });
      }
      await response.body.dump();
      hop = next;
    }
  } catch (error) {
    return fail(error);
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener('abort', onCancel);
    settings.agents.delete(agent);
    void agent.destroy().catch(() => undefined);
  }
}

function blocked(message: string, status: number): AttemptResult {
  return { kind: 'failure', reason: 'BLOCKED_DESTINATION', message, status };
}

/** Checks that need no socket: https-only mode and IP literal hosts (SPEC §3). */
function refuseUpFront(url: URL, settings: AttemptSettings): string | undefined {
  const host = bareHost(url);
  const port = portOf(url);
  if (
    settings.httpsOnly &&
    url.protocol === 'http:' &&
    !settings.policy.isHostAllowListed(host, port)
  ) {
    return `plain http:// to ${host} is not allowed (HTTPS only; allow the host with --allow or HOOKLINE_ALLOW_DESTINATIONS)`;
  }
  if (parseIpLiteral(host) === undefined) return undefined;
  const verdict = settings.policy.checkAddress(host, port, host);
  return verdict.allowed ? undefined : verdict.message;
}

function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** The URL's port, or the scheme's default. */
export function portOf(url: URL): number {
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
