import { describe, expect, it } from 'vitest';
import { loadSettings } from './settings.js';

describe('execution lease settings (docs/server.md "Executions across processes")', () => {
  it('default to a 30 s lease renewed every 10 s; a short lease beats a third of it', () => {
    expect(loadSettings({})).toMatchObject({
      executionLeaseMs: 30_000,
      executionHeartbeatMs: 10_000,
    });
    expect(loadSettings({ HOOKLINE_EXECUTION_LEASE_SECONDS: '6' })).toMatchObject({
      executionLeaseMs: 6_000,
      executionHeartbeatMs: 2_000,
    });
    expect(
      loadSettings({
        HOOKLINE_EXECUTION_LEASE_SECONDS: '2',
        HOOKLINE_EXECUTION_HEARTBEAT_SECONDS: '1',
      }),
    ).toMatchObject({ executionLeaseMs: 2_000, executionHeartbeatMs: 1_000 });
  });

  it.each([
    [{ HOOKLINE_EXECUTION_LEASE_SECONDS: '1' }, 'must be at least 2 seconds'],
    [{ HOOKLINE_EXECUTION_LEASE_SECONDS: '1.5' }, 'must be a whole number of seconds'],
    [
      { HOOKLINE_EXECUTION_LEASE_SECONDS: '10', HOOKLINE_EXECUTION_HEARTBEAT_SECONDS: '6' },
      'HOOKLINE_EXECUTION_HEARTBEAT_SECONDS must be at most half of HOOKLINE_EXECUTION_LEASE_SECONDS',
    ],
    [{ HOOKLINE_REDIS_URL: 'http://127.0.0.1:6379' }, 'must be a redis:// or rediss:// URL'],
  ])('refuses %o with one message naming the setting', (environment, message) => {
    expect(() => loadSettings(environment)).toThrow(message);
  });

  it('reads HOOKLINE_REDIS_URL', () => {
    expect(loadSettings({ HOOKLINE_REDIS_URL: ' redis://127.0.0.1:6379 ' }).redisUrl).toBe(
      'redis://127.0.0.1:6379',
    );
    expect(loadSettings({}).redisUrl).toBeUndefined();
  });
});
