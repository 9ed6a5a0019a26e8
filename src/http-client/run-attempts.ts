import type { Hop } from './redirect.js';
import { retryCategory, retryDelayMs } from './retry-schedule.js';
import { sendAttempt, type AttemptResult, type AttemptSettings } from './send-attempt.js';
import type { AttemptRecord, HttpOutcome, RetryOn, SendOptions } from './types.js';

export interface RunContext {
  settings: AttemptSettings;
  startedMs: number;
  nowMs: () => number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  backoff: { baseMs?: number | undefined; capMs?: number | undefined };
}

const NO_RETRY: readonly RetryOn[] = [];

/** docs/webhook-widget.md: 0–5 extra attempts. */
const MAX_EXTRA_ATTEMPTS = 5;

/**
 * Runs the attempts of one send (docs/webhook-widget.md retry): retries only on the categories in
 * `retry.on`, waits `retryDelayMs` between attempts, and keeps EVERYTHING (attempts, hops,
 * waits) inside the one `timeoutMs`: when the next wait would pass the deadline it stops and
 * returns the last outcome rather than an attempt with no time left.
 */
export async function runAttempts(
  hop: Hop,
  options: SendOptions,
  context: RunContext,
): Promise<HttpOutcome> {
  const { nowMs, settings } = context;
  const deadlineMs = context.startedMs + options.timeoutMs;
  const extra = Math.min(Math.max(Math.trunc(options.retry?.attempts ?? 0), 0), MAX_EXTRA_ATTEMPTS);
  const on = options.retry?.on ?? NO_RETRY;
  const shareMs = on.includes('timeout')
    ? Math.ceil(options.timeoutMs / (extra + 1))
    : options.timeoutMs;
  const attemptLimitMs = options.attemptTimeoutMs ?? shareMs;
  const attempts: AttemptRecord[] = [];
  let last: AttemptResult | undefined;
  for (let attempt = 1; attempt <= extra + 1; attempt += 1) {
    const attemptStartMs = nowMs();
    const remainingMs = deadlineMs - attemptStartMs;
    if (remainingMs <= 0 && last !== undefined) break;
    const timeoutMs = Math.max(1, Math.min(attemptLimitMs, remainingMs));
    const { signal } = options;
    last = await sendAttempt(
      hop,
      settings,
      signal === undefined
        ? { timeoutMs, statedMs: attemptLimitMs }
        : { timeoutMs, statedMs: attemptLimitMs, signal },
    );
    attempts.push(recordOf(attempt, last, nowMs() - attemptStartMs));
    if (attempt > extra || isAborted(options.signal)) break;
    const category = retryCategory(last.kind === 'response' ? last : { reason: last.reason });
    if (category === undefined || !on.includes(category)) break;
    const retryAfter = last.kind === 'response' ? last.headers['retry-after'] : undefined;
    const waitMs = retryDelayMs({
      attempt,
      random: context.random,
      nowMs: nowMs(),
      ...(retryAfter === undefined ? {} : { retryAfter }),
      ...(context.backoff.baseMs === undefined ? {} : { baseMs: context.backoff.baseMs }),
      ...(context.backoff.capMs === undefined ? {} : { capMs: context.backoff.capMs }),
    });
    if (nowMs() + waitMs >= deadlineMs) break;
    await context.sleep(waitMs, options.signal);
    if (isAborted(options.signal)) break;
  }
  if (last === undefined) throw new Error('runAttempts ran no attempt');
  return outcomeOf(last, attempts, nowMs() - context.startedMs);
}

function recordOf(attempt: number, result: AttemptResult, durationMs: number): AttemptRecord {
  const record: AttemptRecord = { attempt, status: result.status, durationMs };
  if (result.kind === 'failure') record.reason = result.reason;
  if (result.remoteAddress !== undefined) record.remoteAddress = result.remoteAddress;
  return record;
}

function outcomeOf(
  result: AttemptResult,
  attempts: AttemptRecord[],
  durationMs: number,
): HttpOutcome {
  if (result.kind === 'failure') {
    const { reason, message, status } = result;
    return { kind: 'failure', reason, message, status, durationMs, attempts };
  }
  const { status, headers, bodyText, url } = result;
  return { kind: 'response', status, headers, bodyText, url: url.href, durationMs, attempts };
}

// A function, not an inline check: the signal changes across awaits, which narrowing ignores.
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
