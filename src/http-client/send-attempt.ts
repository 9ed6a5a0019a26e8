import type { Dispatcher } from 'undici';
import { AttemptSignal, timeOut } from './attempt-signal.js';
import { blockedDestinationIn } from './blocked-destination.js';
import type { TransportFailureReason } from './error-reasons.js';
import { ConnectionProbe } from './guarded-agent.js';
import { exchangeHop, type HopProgress } from './hop-exchange.js';
import type { Hop } from './redirect.js';
import { describeTransportError } from './transport-errors.js';
import { portOf, type UpFrontCheck } from './up-front-check.js';

/** Everything one attempt needs; built once per client (and per send only for overrides). */
export interface AttemptSettings {
  /** The client's one keep-alive agent; its connector enforces the destination policy. */
  agent: Dispatcher;
  /** https-only and IP literal refusals, judged before any socket is asked for. */
  refuseUpFront: UpFrontCheck;
  maxResponseBytes: number;
  maxRedirects: number;
  sensitiveHeaders: ReadonlySet<string>;
  httpsOnly: boolean;
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

/** Where an attempt has got to: the current hop, the last status and the hop's peer. */
interface Progress extends HopProgress {
  hop: Hop;
}

/**
 * Sends one attempt: the request and up to `maxRedirects` redirect hops, each judged by the
 * destination policy, within `timeoutMs`. Hops go through the client's shared agent, so a
 * socket pooled by an earlier request is reused; a refusal is recognised by the
 * BlockedDestinationError the connector failed the request with (docs/webhook-widget.md), and the peer
 * address comes from the connection that carried the request (ConnectionProbe).
 */
export async function sendAttempt(
  first: Hop,
  settings: AttemptSettings,
  limits: AttemptLimits,
): Promise<AttemptResult> {
  const cancel = limits.signal;
  // Cancelled before it started: nothing is sent and no pooled socket is touched.
  if (cancel?.aborted === true) return cancelled(0);
  // Our own timer is the only clock (undici's header/body timeouts are off, guarded-agent).
  // Aborting makes undici destroy that request's socket: the pool never gets it back half-used.
  const abort = new AttemptSignal();
  const timer = setTimeout(timeOut, limits.timeoutMs, abort);
  // No `once`: `finally` removes it, and abort() is idempotent (one less options object).
  cancel?.addEventListener('abort', abort);
  const progress: Progress = {
    hop: first,
    status: 0,
    address: undefined,
    probe: new ConnectionProbe(),
  };
  try {
    return await sendHops(progress, settings, abort);
  } catch (error) {
    return failureOf(error, progress, abort, limits);
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', abort);
  }
}

/** The hops of one attempt; a thrown error is turned into a result by failureOf. */
async function sendHops(
  progress: Progress,
  settings: AttemptSettings,
  signal: AttemptSignal,
): Promise<AttemptResult> {
  for (let redirects = 0; ; redirects += 1) {
    const { hop } = progress;
    const { url } = hop;
    const origin = url.origin;
    const refusal = settings.refuseUpFront(url, origin, settings.httpsOnly);
    if (refusal !== undefined) return blocked(refusal, progress.status);
    progress.probe.reset();
    progress.address = undefined;
    const result = await exchangeHop(hop, {
      agent: settings.agent,
      origin,
      signal,
      progress,
      maxBytes: settings.maxResponseBytes,
      follow: redirects < settings.maxRedirects,
      sensitiveHeaders: settings.sensitiveHeaders,
    });
    const { status } = progress;
    // Results are built as literals, not spread from `result`: this is the hot path.
    switch (result.kind) {
      case 'redirect':
        progress.hop = result.next;
        continue;
      case 'failure': {
        const { reason, message } = result;
        return withAddress({ kind: 'failure', reason, message, status }, progress);
      }
      case 'response': {
        const { headers, bodyText } = result;
        return withAddress({ kind: 'response', status, headers, bodyText, url }, progress);
      }
    }
  }
}

/** How long one attempt may take, and what to call that limit in a timeout message. */
export interface AttemptLimits {
  timeoutMs: number;
  /** The configured limit the message names (the timer may be shorter: what was left of it). */
  statedMs?: number;
  signal?: AbortSignal;
}

/** A thrown transport error as the attempt's result: why it failed, and where. */
function failureOf(
  error: unknown,
  progress: Progress,
  abort: AttemptSignal,
  limits: AttemptLimits,
): AttemptResult {
  const { hop, status } = progress;
  const target = `${hop.url.hostname}:${portOf(hop.url)}`;
  if (abort.timedOut) {
    const message = `${target} did not answer within ${limits.statedMs ?? limits.timeoutMs} ms`;
    return withAddress({ kind: 'failure', reason: 'TIMEOUT', message, status }, progress);
  }
  if (limits.signal?.aborted === true) return cancelled(status);
  const refusal = blockedDestinationIn(error);
  if (refusal !== undefined) return blocked(refusal.message, status);
  const failure: AttemptResult = {
    kind: 'failure',
    ...describeTransportError(error, target),
    status,
  };
  // undici refuses such a request before it is queued: no connection carried it.
  return failure.reason === 'INVALID_REQUEST' ? failure : withAddress(failure, progress);
}

/** Adds the current hop's peer address, when known. */
function withAddress(result: AttemptResult, progress: Progress): AttemptResult {
  const remoteAddress = progress.address ?? progress.probe.remoteAddress;
  if (remoteAddress !== undefined) result.remoteAddress = remoteAddress;
  return result;
}

function blocked(message: string, status: number): AttemptResult {
  return { kind: 'failure', reason: 'BLOCKED_DESTINATION', message, status };
}

function cancelled(status: number): AttemptResult {
  return {
    kind: 'failure',
    reason: 'CONNECTION_ERROR',
    message: 'the request was cancelled',
    status,
  };
}
