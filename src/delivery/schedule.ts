/**
 * The delivery retry schedule (docs/server.md, docs/architecture.md: a pure function of the attempts made,
 * the schedule and a random source).
 */

/**
 * docs/server.md: 10 attempts over about 3 days — immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 14 h, 20 h, 24 h. Entry `i` is the delay in seconds before attempt `i + 1`.
 */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = Object.freeze([
  0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400,
]);

/** docs/server.md: each scheduled delay varies by ±20%. */
const JITTER_FRACTION = 0.2;

/**
 * The longest wait a `Retry-After` can ask for. One day, the schedule's longest step: a
 * receiver cannot park a delivery for weeks (or forever) with a huge value.
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export interface NextAttemptInput {
  /** Attempts made so far, the one that just failed included. */
  attemptsMade: number;
  /** Delays in seconds; entry `i` comes before attempt `i + 1`. */
  schedule: readonly number[];
  /** A source of [0, 1) randomness (Math.random in production, fixed in tests). */
  random: () => number;
  now: Date;
  /** The failed response's `Retry-After`, in milliseconds from `now`. */
  retryAfterMs?: number | undefined;
}

/**
 * When the next attempt is due, or null when the schedule is exhausted (the delivery has
 * had `schedule.length` attempts and fails).
 *
 * The scheduled delay gets ±20% jitter so deliveries that failed together (an endpoint that
 * was down) do not all come back in the same instant. A `Retry-After` replaces the scheduled
 * delay unjittered — the receiver said when — capped at MAX_RETRY_AFTER_MS; it never adds
 * attempts beyond the schedule.
 */
export function nextAttemptAt(input: NextAttemptInput): Date | null {
  const delaySeconds = input.schedule[input.attemptsMade];
  if (delaySeconds === undefined) return null;
  const delayMs =
    input.retryAfterMs === undefined
      ? jittered(delaySeconds * 1000, input.random())
      : Math.min(Math.max(input.retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  return new Date(input.now.getTime() + delayMs);
}

/** `delayMs` scaled by a factor in [0.8, 1.2), whole milliseconds. */
function jittered(delayMs: number, random: number): number {
  const factor = 1 - JITTER_FRACTION + 2 * JITTER_FRACTION * random;
  return Math.round(delayMs * factor);
}
