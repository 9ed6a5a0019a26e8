import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { DestinationPolicy } from './destination-policy.js';
import { createGuardedAgent } from './guarded-agent.js';
import { systemResolver, type Resolver } from './guarded-connector.js';
import { prepareRequest } from './prepare-request.js';
import { DEFAULT_SENSITIVE_HEADERS } from './redirect.js';
import { runAttempts } from './run-attempts.js';
import type { AttemptSettings } from './send-attempt.js';
import type { HttpClient, HttpOutcome, OutboundRequest, SendOptions } from './types.js';
import { createUpFrontCheck } from './up-front-check.js';

/**
 * Bound on one TCP/TLS connect of the shared agent. It cannot follow each attempt's timeout
 * (the connection may serve many requests), so it is the longest webhook timeout docs/webhook-widget.md
 * allows (60 s): shorter attempts are still ended by their own timer first.
 */
const CONNECT_TIMEOUT_MS = 60_000;

export interface HttpClientOptions {
  policy: DestinationPolicy;
  /** Cap on the decompressed body (settings.maxResponseBytes, HOOKLINE_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
  /** Redirects followed per attempt (docs/webhook-widget.md: 5); the next 3xx is returned as the response. */
  maxRedirects?: number;
  /** Jitter source for retry backoff. */
  random?: () => number;
  /** Sent unless the request sets `User-Agent`; default `Hookline`. */
  userAgent?: string;
  /** Extra header names (besides Authorization, Proxy-Authorization, Cookie) dropped on cross-origin redirects. */
  sensitiveHeaders?: readonly string[];
  /** Retry backoff base and cap (default 250 ms and 8 s); small values keep tests fast. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /**
   * Server mode (docs/webhook-widget.md): plain `http://` fails with BLOCKED_DESTINATION unless the host is
   * allow-listed. Default false, as `hookline run` permits http.
   */
  httpsOnly?: boolean;
  /** DNS resolution (default: the system resolver); every answer is judged by the policy. */
  resolve?: Resolver;
  /** Waits between attempts (default: real timers); resolves early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Idempotency-Key generator (default: a random UUID). */
  newId?: () => string;
  /** Clock in epoch ms (default Date.now). */
  nowMs?: () => number;
}

const realSleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
  await delay(ms, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
};

/**
 * Creates the outbound HTTP client of docs/webhook-widget.md: destination policy enforced at connect time,
 * manual redirects, one overall timeout, decompressed size cap, retries with backoff.
 * `send` never throws for anything the remote side does: it returns an HttpOutcome.
 *
 * The client owns ONE keep-alive agent (pools keyed by origin) whose connector judges every
 * new connection by this client's policy and resolver, so clients with different allow-lists
 * never share a socket. `close()` destroys it, failing any request still in flight.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  let closed = false;
  const agent = createGuardedAgent({
    policy: options.policy,
    resolve: options.resolve ?? systemResolver,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
  });
  const settings: AttemptSettings = {
    agent,
    refuseUpFront: createUpFrontCheck(options.policy),
    maxResponseBytes: options.maxResponseBytes,
    maxRedirects: options.maxRedirects ?? 5,
    sensitiveHeaders: new Set(
      [...DEFAULT_SENSITIVE_HEADERS, ...(options.sensitiveHeaders ?? [])].map((h) =>
        h.toLowerCase(),
      ),
    ),
    httpsOnly: options.httpsOnly ?? false,
  };
  const nowMs = options.nowMs ?? Date.now;
  // What every send shares, resolved once per client rather than per send.
  const userAgent = options.userAgent ?? 'Hookline';
  const newId = options.newId ?? randomUUID;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  const backoff = { baseMs: options.backoffBaseMs, capMs: options.backoffCapMs };

  const startSend = (request: OutboundRequest, sendOptions: SendOptions): Promise<HttpOutcome> => {
    const startedMs = nowMs();
    const retry = sendOptions.retry;
    const retried = retry !== undefined && retry.attempts > 0 && retry.on.length > 0;
    const prepared = prepareRequest(request, { userAgent, retried, newId });
    if (prepared.kind === 'invalid') {
      return Promise.resolve(refusedOutcome('INVALID_REQUEST', prepared.message));
    }
    if (closed) {
      return Promise.resolve(refusedOutcome('CONNECTION_ERROR', 'the HTTP client is closed'));
    }
    const settingsNow = settingsFor(settings, sendOptions);
    const context = { settings: settingsNow, startedMs, nowMs, random, sleep, backoff };
    return runAttempts(prepared.hop, sendOptions, context);
  };

  // Not async, so runAttempts' promise is returned as it is rather than wrapped (two fewer
  // microtasks per send); a bug thrown before it still becomes a rejection, as before.
  const send = (request: OutboundRequest, sendOptions: SendOptions): Promise<HttpOutcome> => {
    try {
      return startSend(request, sendOptions);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const close = async (): Promise<void> => {
    closed = true;
    await agent.destroy().catch(() => undefined);
  };

  return { send, close };
}

/** The client's settings with this send's additions (sensitive headers, https-only). */
function settingsFor(settings: AttemptSettings, options: SendOptions): AttemptSettings {
  const extra = options.sensitiveHeaders ?? [];
  // The common send overrides nothing: no copy on the hot path.
  const httpsOnly = options.httpsOnly ?? settings.httpsOnly;
  if (extra.length === 0 && httpsOnly === settings.httpsOnly) return settings;
  return {
    ...settings,
    httpsOnly,
    sensitiveHeaders:
      extra.length === 0
        ? settings.sensitiveHeaders
        : new Set([...settings.sensitiveHeaders, ...extra.map((name) => name.toLowerCase())]),
  };
}

function refusedOutcome(
  reason: 'INVALID_REQUEST' | 'CONNECTION_ERROR',
  message: string,
): HttpOutcome {
  return { kind: 'failure', reason, message, status: 0, durationMs: 0, attempts: [] };
}
