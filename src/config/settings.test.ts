import { describe, expect, it } from 'vitest';
import { loadSettings } from './settings.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('retention settings', () => {
  it('default to 14 days and 1,000,000 executions', () => {
    const settings = loadSettings({});
    expect(settings.retentionMaxAgeMs).toBe(14 * DAY_MS);
    expect(settings.retentionMaxExecutions).toBe(1_000_000);
  });

  it('take whole numbers; 0 lifts the limit', () => {
    const settings = loadSettings({
      HOOKLINE_RETENTION_DAYS: ' 30 ',
      HOOKLINE_RETENTION_MAX_EXECUTIONS: '0',
    });
    expect(settings.retentionMaxAgeMs).toBe(30 * DAY_MS);
    expect(settings.retentionMaxExecutions).toBeUndefined();
    expect(loadSettings({ HOOKLINE_RETENTION_DAYS: '0' }).retentionMaxAgeMs).toBeUndefined();
  });

  it.each([
    ['HOOKLINE_RETENTION_DAYS', '1.5', 'HOOKLINE_RETENTION_DAYS must be a whole number of days'],
    ['HOOKLINE_RETENTION_DAYS', '-1', 'HOOKLINE_RETENTION_DAYS must be a whole number of days'],
    [
      'HOOKLINE_RETENTION_MAX_EXECUTIONS',
      'lots',
      'HOOKLINE_RETENTION_MAX_EXECUTIONS must be a whole number of executions',
    ],
  ])('refuses %s=%s with a one-line message', (name, value, message) => {
    expect(() => loadSettings({ [name]: value })).toThrow(message);
  });
});

describe('response size setting', () => {
  it('defaults to 1 MiB, the cap every HTTP client is given', () => {
    expect(loadSettings({}).maxResponseBytes).toBe(1024 * 1024);
    expect(loadSettings({ HOOKLINE_MAX_RESPONSE_BYTES: '2048' }).maxResponseBytes).toBe(2048);
  });
});

describe('server limits', () => {
  it('default to a 120 s ?wait=true hold and 64 executions at once', () => {
    const settings = loadSettings({});
    expect(settings.maxWaitMs).toBe(120_000);
    expect(settings.executionConcurrency).toBe(64);
  });

  it('take whole numbers', () => {
    const settings = loadSettings({
      HOOKLINE_MAX_WAIT_SECONDS: ' 5 ',
      HOOKLINE_EXECUTION_CONCURRENCY: '2',
    });
    expect(settings.maxWaitMs).toBe(5000);
    expect(settings.executionConcurrency).toBe(2);
  });

  it.each([
    [
      'HOOKLINE_MAX_WAIT_SECONDS',
      '0',
      'HOOKLINE_MAX_WAIT_SECONDS must be a whole number of seconds, at least 1',
    ],
    [
      'HOOKLINE_MAX_WAIT_SECONDS',
      '2.5',
      'HOOKLINE_MAX_WAIT_SECONDS must be a whole number of seconds',
    ],
    [
      'HOOKLINE_EXECUTION_CONCURRENCY',
      'many',
      'HOOKLINE_EXECUTION_CONCURRENCY must be a whole number of executions',
    ],
  ])('refuses %s=%s with a one-line message', (name, value, message) => {
    expect(() => loadSettings({ [name]: value })).toThrow(message);
  });
});
