import type { TransportFailureReason } from './error-reasons.js';
import type { RetryOn } from './types.js';

/** Backoff base: the first retry waits 125–250 ms. */
const DEFAULT_BACKOFF_BASE_MS = 250;
/** Backoff ceiling: no computed wait exceeds 8 s (Retry-After may, within the deadline). */
const DEFAULT_BACKOFF_CAP_MS = 8_000;

export interface RetryDelayInput {
  /** The 1-based number of the attempt that just failed. */
  attempt: number;
  /** A source of [0, 1) randomness (Math.random in production, fixed in tests). */
  random: () => number;
  /** The failed response's `Retry-After` header, if any. */
  retryAfter?: string;
  /** Now, in epoch milliseconds (to read an HTTP-date Retry-After). */
  nowMs: number;
  baseMs?: number;
  capMs?: number;
}

/**
 * How long to wait before the next attempt (docs/webhook-widget.md retry).
 *
 * A readable `Retry-After` (delta seconds or an HTTP date) is used as-is: the server said
 * when. Otherwise exponential backoff `min(cap, base × 2^(attempt-1))` with EQUAL jitter:
 * half of it fixed, half random. Equal rather than full jitter so a retry never fires
 * almost at once at a server that just failed, while retries of many executions still spread.
 */
export function retryDelayMs(input: RetryDelayInput): number {
  if (input.retryAfter !== undefined) {
    const serverSays = parseRetryAfterMs(input.retryAfter, input.nowMs);
    if (serverSays !== undefined) return serverSays;
  }
  const base = input.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const cap = input.capMs ?? DEFAULT_BACKOFF_CAP_MS;
  const exponent = Math.min(Math.max(input.attempt - 1, 0), 30);
  const ceiling = Math.min(cap, base * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * input.random());
}

/** `Retry-After` as milliseconds from `nowMs` (a past date is 0), or undefined if unreadable. */
export function parseRetryAfterMs(value: string, nowMs: number): number | undefined {
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  // HTTP dates always name a weekday or month; this keeps Date.parse from guessing at numbers.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** What an attempt ended with, as far as retrying is concerned. */
export type AttemptEnd = { status: number } | { reason: TransportFailureReason };

/** The docs/webhook-widget.md `retry.on` category an attempt's end falls in, or undefined if never retried. */
export function retryCategory(end: AttemptEnd): RetryOn | undefined {
  if ('status' in end) {
    if (end.status === 429) return '429';
    return end.status >= 500 && end.status <= 599 ? '5xx' : undefined;
  }
  switch (end.reason) {
    case 'TIMEOUT':
      return 'timeout';
    case 'CONNECTION_ERROR':
      return 'connection';
    // A refused destination, an oversized body or a bad request fails the same way every time.
    case 'BLOCKED_DESTINATION':
    case 'RESPONSE_TOO_LARGE':
    case 'INVALID_REQUEST':
      return undefined;
  }
}
