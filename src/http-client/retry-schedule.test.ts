import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs, retryCategory, retryDelayMs } from './retry-schedule.js';

const NOW = Date.parse('2026-11-29T10:00:00.000Z');

describe('retryDelayMs: exponential backoff, equal jitter, Retry-After first', () => {
  it.each<[attempt: number, random: number, expected: number]>([
    [1, 0, 125],
    [1, 0.5, 188],
    [1, 0.999999, 250],
    [2, 0, 250],
    [2, 1, 500],
    [3, 0, 500],
    [4, 1, 2000],
    [5, 1, 4000],
    [6, 0, 4000],
    [6, 1, 8000],
    [7, 1, 8000],
    [30, 0.5, 6000],
    [0, 1, 250],
  ])('attempt %i, random %d -> %i ms', (attempt, random, expected) => {
    expect(retryDelayMs({ attempt, random: () => random, nowMs: NOW })).toBe(expected);
  });

  it.each<[retryAfter: string, expected: number]>([
    ['1', 1000],
    ['0', 0],
    [' 120 ', 120_000],
    ['Sun, 29 Nov 2026 10:00:03 GMT', 3000],
    ['Sunday, 29-Nov-26 10:00:02 GMT', 2000],
    ['Sun Nov 29 10:00:04 2026', 4000],
    ['Sun, 29 Nov 2026 09:00:00 GMT', 0],
  ])('Retry-After %j -> %i ms, no jitter', (retryAfter, expected) => {
    expect(retryDelayMs({ attempt: 3, random: () => 0.7, retryAfter, nowMs: NOW })).toBe(expected);
  });

  it.each(['soon', '-1', '1.5', '', '12:00', 'Mon, 99 Foo 2026'])(
    'unreadable Retry-After %j falls back to backoff',
    (retryAfter) => {
      expect(parseRetryAfterMs(retryAfter, NOW)).toBeUndefined();
      expect(retryDelayMs({ attempt: 1, random: () => 1, retryAfter, nowMs: NOW })).toBe(250);
    },
  );

  it('takes a custom base and cap', () => {
    expect(retryDelayMs({ attempt: 1, random: () => 1, nowMs: NOW, baseMs: 10, capMs: 15 })).toBe(
      10,
    );
    expect(retryDelayMs({ attempt: 3, random: () => 1, nowMs: NOW, baseMs: 10, capMs: 15 })).toBe(
      15,
    );
  });
});

describe('retryCategory (docs/webhook-widget.md retry.on)', () => {
  it.each([
    [{ status: 429 }, '429'],
    [{ status: 500 }, '5xx'],
    [{ status: 503 }, '5xx'],
    [{ status: 599 }, '5xx'],
    [{ status: 200 }, undefined],
    [{ status: 302 }, undefined],
    [{ status: 400 }, undefined],
    [{ status: 404 }, undefined],
    [{ reason: 'TIMEOUT' }, 'timeout'],
    [{ reason: 'CONNECTION_ERROR' }, 'connection'],
    [{ reason: 'BLOCKED_DESTINATION' }, undefined],
    [{ reason: 'RESPONSE_TOO_LARGE' }, undefined],
    [{ reason: 'INVALID_REQUEST' }, undefined],
  ] as const)('%j -> %s', (end, expected) => {
    expect(retryCategory(end)).toBe(expected);
  });
});
