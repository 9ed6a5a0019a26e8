import { describe, expect, it } from 'vitest';
import { durationSeconds, responseVariables, statusType } from './response-variables.js';

describe('response variables', () => {
  it.each([
    [0, 'No Response'],
    [101, 'Informational'],
    [204, 'Success'],
    [301, 'Redirection'],
    [429, 'Client Error'],
    [503, 'Server Error'],
  ])('status %i is %s', (code, expected) => {
    expect(statusType(code)).toBe(expected);
  });

  it.each([
    [0, 0],
    [4, 0],
    [1234.5, 1.23],
    [1235, 1.24],
    [60000, 60],
  ])('%f ms is %f s', (ms, seconds) => {
    expect(durationSeconds(ms)).toBe(seconds);
  });

  it('sets each variable unprefixed and under the widget id, unsetting error_reason on success', () => {
    const changes = responseVariables(
      'lookup',
      { status: 'SUCCESS', statusCode: 200, durationMs: 120, raw: '' },
      true,
    );
    const byName = Object.fromEntries(changes.map((change) => [change.name, change.value]));
    expect(byName).toEqual({
      '$flow.key.response_status': 'SUCCESS',
      '$flow.key.lookup.response_status': 'SUCCESS',
      '$flow.key.response_status_code': 200,
      '$flow.key.lookup.response_status_code': 200,
      '$flow.key.response_status_type': 'Success',
      '$flow.key.lookup.response_status_type': 'Success',
      '$flow.key.response_duration': 0.12,
      '$flow.key.lookup.response_duration': 0.12,
      '$flow.key.response_raw': null,
      '$flow.key.lookup.response_raw': null,
      '$flow.key.response_error': false,
      '$flow.key.lookup.response_error': false,
      '$flow.key.error_reason': undefined,
      '$flow.key.lookup.error_reason': undefined,
    });
    expect(changes.every((change) => change.persist === true)).toBe(true);
  });

  it('marks a fire-and-forget request SENT', () => {
    const changes = responseVariables(
      'w',
      { status: 'SENT', statusCode: 0, durationMs: 0, raw: null },
      false,
    );
    expect(changes.find((change) => change.name === '$flow.key.w.response_status')?.value).toBe(
      'SENT',
    );
    expect(changes.some((change) => 'persist' in change)).toBe(false);
  });
});
