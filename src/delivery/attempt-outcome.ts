/** What an attempt's result means for its delivery (docs/server.md); pure. */
import type { DeliveryState } from '../storage/ports.js';
import { nextAttemptAt } from './schedule.js';

export interface AttemptOutcomeInput {
  /** The response status, 0 when none arrived. */
  status: number;
  succeeded: boolean;
  retryAfterMs?: number | undefined;
  /** Attempts made, this one included. */
  attemptsMade: number;
  schedule: readonly number[];
  random: () => number;
  /** When the attempt ended. */
  now: Date;
}

export interface AttemptOutcome {
  state: DeliveryState;
  nextAttemptAt: Date | null;
  /** docs/server.md: `410 Gone` disables the endpoint. */
  gone: boolean;
}

/**
 * 2xx → succeeded; `410 Gone` → failed, and the endpoint is gone; anything else → pending
 * again at the schedule's next time (or Retry-After), or failed once the schedule is
 * exhausted.
 */
export function attemptOutcome(input: AttemptOutcomeInput): AttemptOutcome {
  if (input.succeeded) return { state: 'succeeded', nextAttemptAt: null, gone: false };
  if (input.status === 410) return { state: 'failed', nextAttemptAt: null, gone: true };
  const next = nextAttemptAt({
    attemptsMade: input.attemptsMade,
    schedule: input.schedule,
    random: input.random,
    now: input.now,
    retryAfterMs: input.retryAfterMs,
  });
  return next === null
    ? { state: 'failed', nextAttemptAt: null, gone: false }
    : { state: 'pending', nextAttemptAt: next, gone: false };
}
