import { describe, expect, it } from 'vitest';
import type { ErrorReason } from '../../http-client/index.js';
import { failureLine, maxLines } from './status-lines.js';

const lines = { timeout: 2, '4xx': 3, '404': 4, MAPPING_MISSING: 5, '5xx': 6, connection: 7 };

describe('statusLines', () => {
  it.each<[number, ErrorReason, number]>([
    [404, 'CLIENT_ERROR', 4],
    [400, 'CLIENT_ERROR', 3],
    [503, 'SERVER_ERROR', 6],
    [0, 'TIMEOUT', 2],
    [0, 'CONNECTION_ERROR', 7],
    [200, 'MAPPING_MISSING', 5],
    [200, 'INVALID_RESPONSE', 1],
    [302, 'REDIRECTION', 1],
    [0, 'BLOCKED_DESTINATION', 1],
  ])('status %i with %s leaves on line %i', (status, reason, expected) => {
    expect(failureLine(lines, status, reason)).toBe(expected);
  });

  it('sends every failure to line 1 without statusLines', () => {
    expect(failureLine({}, 404, 'CLIENT_ERROR')).toBe(1);
  });

  it('allows as many lines as the highest status line needs', () => {
    expect(maxLines({})).toBe(2);
    expect(maxLines(lines)).toBe(8);
  });
});
