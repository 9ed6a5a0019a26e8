/** Sending one delivery attempt (docs/server.md): POST, 15 s, no redirects, success only on 2xx. */
import {
  parseRetryAfterMs,
  redactText,
  type HttpClient,
  type HttpOutcome,
} from '../http-client/index.js';
import { excerptOf } from './excerpt.js';

/** docs/server.md: every attempt has 15 seconds. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** The request of one attempt, signed and with its auth applied. */
export interface DeliveryRequest {
  url: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body: string;
}

export interface SendDeliveryOptions {
  /** Default DELIVERY_TIMEOUT_MS; tests shorten it. */
  timeoutMs?: number;
  /** The clock in epoch ms, to read an HTTP-date `Retry-After`; default Date.now. */
  nowMs?: () => number;
  /** Values masked in `error` and `responseExcerpt` (the webhook's auth secrets). */
  secrets?: readonly string[];
  /** The account is HTTPS-only: plain http:// fails with BLOCKED_DESTINATION, nothing sent. */
  httpsOnly?: boolean;
}

/** How one attempt went, ready to be stored as a DeliveryAttempt. */
export interface SendResult {
  /** The response status, 0 when no response arrived. */
  status: number;
  latencyMs: number;
  /** Why the attempt failed, with no secret in it; null on success. */
  error: string | null;
  /** The address actually connected to, when known. */
  remoteAddress: string | null;
  /** The start of the response body (docs/server.md: up to 64 KB), null when none was read. */
  responseExcerpt: string | null;
  /** The response's `Retry-After`, in ms from `nowMs`, when it had a readable one. */
  retryAfterMs?: number;
  succeeded: boolean;
}

/**
 * POSTs one attempt and reports it; never throws for anything the receiver does. The client
 * must be created with `maxRedirects: 0` (docs/server.md: no redirect following), so a 3xx is
 * returned as the response — and is a failure like every non-2xx status. The status line is
 * the receiver's verdict: a 2xx whose body is over the client's cap (RESPONSE_TOO_LARGE) or
 * breaks off still counts as delivered.
 */
export async function sendDelivery(
  http: HttpClient,
  request: DeliveryRequest,
  options: SendDeliveryOptions = {},
): Promise<SendResult> {
  const outcome = await http.send(
    { method: 'POST', url: request.url, headers: request.headers, body: request.body },
    { timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS, httpsOnly: options.httpsOnly ?? false },
  );
  const secrets = options.secrets ?? [];
  const succeeded = outcome.status >= 200 && outcome.status <= 299;
  const result: SendResult = {
    status: outcome.status,
    latencyMs: Math.round(outcome.durationMs),
    error: succeeded ? null : redactText(errorOf(outcome), secrets),
    remoteAddress: outcome.attempts.at(-1)?.remoteAddress ?? null,
    responseExcerpt:
      outcome.kind === 'response' ? masked(excerptOf(outcome.bodyText), secrets) : null,
    succeeded,
  };
  const retryAfter = outcome.kind === 'response' ? outcome.headers['retry-after'] : undefined;
  if (!succeeded && retryAfter !== undefined) {
    const retryAfterMs = parseRetryAfterMs(retryAfter, (options.nowMs ?? Date.now)());
    if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  }
  return result;
}

/** `text` with the secrets masked; one shorter than every secret cannot hold any (e.g. `{}`). */
function masked(text: string, secrets: readonly string[]): string {
  return secrets.some((secret) => secret !== '' && secret.length <= text.length)
    ? redactText(text, secrets)
    : text;
}

function errorOf(outcome: HttpOutcome): string {
  if (outcome.kind === 'failure') return `${outcome.reason}: ${outcome.message}`;
  const { status } = outcome;
  if (status >= 300 && status <= 399) {
    return `the endpoint answered ${status} (redirects are not followed)`;
  }
  return `the endpoint answered ${status}`;
}
