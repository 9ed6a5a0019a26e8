import { afterEach, describe, expect, it } from 'vitest';
import { createTestRedis } from '../queue/testing/redis.js';
import { createRedisScaleOut, redisPrefixFrom, type RedisScaleOut } from './redis-scale-out.js';
import { silentLog } from './testing/silent-log.js';

describe('HOOKLINE_REDIS_PREFIX', () => {
  it('defaults to hookline and takes a plain name', () => {
    expect(redisPrefixFrom({})).toBe('hookline');
    expect(redisPrefixFrom({ HOOKLINE_REDIS_PREFIX: '' })).toBe('hookline');
    expect(redisPrefixFrom({ HOOKLINE_REDIS_PREFIX: 'prod:eu-1' })).toBe('prod:eu-1');
  });

  it('refuses a prefix with spaces, wildcards or too long, in one line', () => {
    for (const value of ['with space', 'star*', 'x'.repeat(65), '{braces}']) {
      expect(() => redisPrefixFrom({ HOOKLINE_REDIS_PREFIX: value })).toThrow(
        /^HOOKLINE_REDIS_PREFIX must be 1-64 letters/,
      );
    }
  });
});

describe('createRedisScaleOut', () => {
  const redis = createTestRedis();
  let made: RedisScaleOut | undefined;
  afterEach(async () => {
    await made?.close();
    await redis.cleanUp();
  });

  it('pings Redis and keeps every key under its prefix', async () => {
    made = await createRedisScaleOut({ url: redis.url, prefix: redis.prefix, log: silentLog });
    await made.ping();
    await made.queue.enqueue([{ kind: 'execution', id: 'exec_1', accountId: 'acct_1' }]);
    const stats = await made.queue.stats();
    expect(stats.find((entry) => entry.kind === 'execution')?.waiting).toBe(1);
    expect(await redis.deleteAll()).toBeGreaterThan(0);
  });

  it('refuses to start when Redis does not answer, naming the host only', async () => {
    const started = Date.now();
    await expect(
      createRedisScaleOut({
        url: 'redis://user:hunter2@127.0.0.1:1',
        log: silentLog,
        connectTimeoutMs: 300,
      }),
    ).rejects.toThrow(/^Redis at 127\.0\.0\.1:1 did not answer within 0\.3 s$/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
