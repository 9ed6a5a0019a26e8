import { describe, expect, it } from 'vitest';
import { attemptOutcome } from './attempt-outcome.js';

const now = new Date('2026-11-29T10:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const base = { schedule: [0, 5, 300], random: () => 0.5, now };

describe('attemptOutcome', () => {
  it.each([
    { name: '200', status: 200, succeeded: true, made: 1, expected: ['succeeded', null, false] },
    {
      name: '204 on the last',
      status: 204,
      succeeded: true,
      made: 3,
      expected: ['succeeded', null, false],
    },
    { name: '410 Gone', status: 410, succeeded: false, made: 1, expected: ['failed', null, true] },
    {
      name: '500 after 1',
      status: 500,
      succeeded: false,
      made: 1,
      expected: ['pending', later(5000), false],
    },
    {
      name: '0 after 2',
      status: 0,
      succeeded: false,
      made: 2,
      expected: ['pending', later(300_000), false],
    },
    {
      name: '302 after 1',
      status: 302,
      succeeded: false,
      made: 1,
      expected: ['pending', later(5000), false],
    },
    {
      name: '500 after 3 (exhausted)',
      status: 500,
      succeeded: false,
      made: 3,
      expected: ['failed', null, false],
    },
  ])('$name', ({ status, succeeded, made, expected }) => {
    const outcome = attemptOutcome({ ...base, status, succeeded, attemptsMade: made });
    expect([outcome.state, outcome.nextAttemptAt, outcome.gone]).toEqual(expected);
  });

  it('uses Retry-After for the next time', () => {
    const outcome = attemptOutcome({
      ...base,
      status: 429,
      succeeded: false,
      attemptsMade: 1,
      retryAfterMs: 90_000,
    });
    expect(outcome).toEqual({ state: 'pending', nextAttemptAt: later(90_000), gone: false });
  });
});
