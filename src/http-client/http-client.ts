import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Agent } from 'undici';
import type { DestinationPolicy } from './destination-policy.js';
import { systemResolver, type Resolver } from './guarded-connector.js';
import { prepareRequest } from './prepare-request.js';
import { DEFAULT_SENSITIVE_HEADERS } from './redirect.js';
import { runAttempts } from './run-attempts.js';
import type { AttemptSettings } from './send-attempt.js';
import type { HttpClient, HttpOutcome, OutboundRequest, SendOptions } from './types.js';

/** SPEC §3: a response body over 1 MiB fails with RESPONSE_TOO_LARGE unless configured. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpClientOptions {
  policy: DestinationPolicy;
  /** Cap on the decompressed body (SPEC §6 HOOKLINE_MAX_RESPONSE_BYTES); default 1 MiB. */
  maxResponseBytes?: number;
  /** Redirects followed per attempt (SPEC §3: 5); the next 3xx is returned as the response. */
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
   * Server mode (SPEC §3): plain `http://` fails with BLOCKED_DESTINATION unless the host is
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
 * Creates the outbound HTTP client of SPEC §3: destination policy enforced at connect time,
 * manual redirects, one overall timeout, decompressed size cap, retries with backoff.
 * `send` never throws for anything the remote side does: it returns an HttpOutcome.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const agents = new Set<Agent>();
  let closed = false;
  const settings: AttemptSettings = {
    policy: options.policy,
    resolve: options.resolve ?? systemResolver,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    maxRedirects: options.maxRedirects ?? 5,
    sensitiveHeaders: new Set(
      [...DEFAULT_SENSITIVE_HEADERS, ...(options.sensitiveHeaders ?? [])].map((h) =>
        h.toLowerCase(),
      ),
    ),
    httpsOnly: options.httpsOnly ?? false,
    agents,
  };
  const nowMs = options.nowMs ?? Date.now;

  const send = async (request: OutboundRequest, sendOptions: SendOptions): Promise<HttpOutcome> => {
    const startedMs = nowMs();
    const prepared = prepareRequest(request, {
      userAgent: options.userAgent ?? 'Hookline',
      retried: (sendOptions.retry?.attempts ?? 0) > 0 && (sendOptions.retry?.on.length ?? 0) > 0,
      newId: options.newId ?? randomUUID,
    });
    if (prepared.kind === 'invalid') return refusedOutcome('INVALID_REQUEST', prepared.message);
    if (closed) return refusedOutcome('CONNECTION_ERROR', 'the HTTP client is closed');
    return runAttempts(prepared.hop, sendOptions, {
      settings: settingsFor(settings, sendOptions),
      startedMs,
      nowMs,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? realSleep,
      backoff: { baseMs: options.backoffBaseMs, capMs: options.backoffCapMs },
    });
  };

  const close = async (): Promise<void> => {
    closed = true;
    await Promise.all([...agents].map((agent) => agent.destroy().catch(() => undefined)));
  };

  return { send, close };
}

/** The client's settings with this send's additions (sensitive headers, https-only). */
function settingsFor(settings: AttemptSettings, options: SendOptions): AttemptSettings {
  const extra = options.sensitiveHeaders ?? [];
  return {
    ...settings,
    httpsOnly: options.httpsOnly ?? settings.httpsOnly,
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
