import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_SECONDS, MAX_RETRY_AFTER_MS, nextAttemptAt } from './schedule.js';

const NOW = new Date('2026-11-29T10:00:00.000Z');
const SECOND = 1000;
const fixed = (value: number) => () => value;

describe('DEFAULT_RETRY_SCHEDULE_SECONDS', () => {
  it('is docs/server.md: 10 attempts, the first immediate, over about 3 days', () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS).toEqual([
      0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400,
    ]);
    const totalSeconds = DEFAULT_RETRY_SCHEDULE_SECONDS.reduce((sum, s) => sum + s, 0);
    expect(totalSeconds / 86400).toBeGreaterThan(3);
    expect(totalSeconds / 86400).toBeLessThan(3.2);
  });
});

describe('nextAttemptAt', () => {
  const schedule = DEFAULT_RETRY_SCHEDULE_SECONDS;

  it.each([
    // attemptsMade, random, expected delay in ms
    { attemptsMade: 0, random: 0.5, delayMs: 0 },
    { attemptsMade: 1, random: 0.5, delayMs: 5 * SECOND },
    { attemptsMade: 1, random: 0, delayMs: 4 * SECOND },
    { attemptsMade: 1, random: 0.999999, delayMs: 6 * SECOND },
    { attemptsMade: 2, random: 0.5, delayMs: 300 * SECOND },
    { attemptsMade: 2, random: 0, delayMs: 240 * SECOND },
    { attemptsMade: 2, random: 0.75, delayMs: 330 * SECOND },
    { attemptsMade: 5, random: 0.25, delayMs: 18000 * SECOND * 0.9 },
    { attemptsMade: 9, random: 0.5, delayMs: 86400 * SECOND },
    { attemptsMade: 9, random: 0, delayMs: 86400 * SECOND * 0.8 },
  ])(
    'after $attemptsMade attempts with random $random waits $delayMs ms',
    ({ attemptsMade, random, delayMs }) => {
      const at = nextAttemptAt({ attemptsMade, schedule, random: fixed(random), now: NOW });
      expect(at?.getTime()).toBe(NOW.getTime() + delayMs);
    },
  );

  it.each([10, 11, 50])('is null once %i attempts were made (schedule exhausted)', (made) => {
    expect(nextAttemptAt({ attemptsMade: made, schedule, random: fixed(0.5), now: NOW })).toBe(
      null,
    );
  });

  it('keeps every jittered delay within ±20% of the schedule', () => {
    for (let made = 0; made < schedule.length; made += 1) {
      for (const random of [0, 0.1, 0.5, 0.9, 0.9999]) {
        const at = nextAttemptAt({ attemptsMade: made, schedule, random: fixed(random), now: NOW });
        const delayMs = (at?.getTime() ?? Number.NaN) - NOW.getTime();
        const scheduledMs = (schedule[made] ?? 0) * SECOND;
        expect(delayMs).toBeGreaterThanOrEqual(scheduledMs * 0.8);
        expect(delayMs).toBeLessThanOrEqual(scheduledMs * 1.2);
      }
    }
  });

  it.each([
    { retryAfterMs: 120 * SECOND, delayMs: 120 * SECOND },
    { retryAfterMs: 0, delayMs: 0 },
    { retryAfterMs: -5, delayMs: 0 },
    { retryAfterMs: 7 * 24 * 3600 * SECOND, delayMs: MAX_RETRY_AFTER_MS },
  ])('uses Retry-After $retryAfterMs ms unjittered instead', ({ retryAfterMs, delayMs }) => {
    const at = nextAttemptAt({
      attemptsMade: 2,
      schedule,
      random: fixed(0),
      now: NOW,
      retryAfterMs,
    });
    expect(at?.getTime()).toBe(NOW.getTime() + delayMs);
  });

  it('does not add attempts beyond the schedule for a Retry-After', () => {
    const at = nextAttemptAt({
      attemptsMade: 3,
      schedule: [0, 5, 10],
      random: fixed(0.5),
      now: NOW,
      retryAfterMs: 1000,
    });
    expect(at).toBe(null);
  });

  it('works with a custom schedule', () => {
    const custom = [0, 0, 0];
    expect(
      nextAttemptAt({ attemptsMade: 2, schedule: custom, random: fixed(0.3), now: NOW }),
    ).toEqual(NOW);
    expect(
      nextAttemptAt({ attemptsMade: 3, schedule: custom, random: Math.random, now: NOW }),
    ).toBe(null);
  });
});
