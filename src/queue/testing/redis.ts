/**
 * Redis for tests: the local server (HOOKLINE_TEST_REDIS_URL, default 127.0.0.1:6379), a key
 * prefix of the test's own, and every key under it deleted at the end.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.HOOKLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every Redis key under `prefix` (what FLUSHALL does to one test's data); returns how many. */
export async function deleteRedisKeys(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  if (prefix === '') throw new Error('deleteRedisKeys needs a prefix');
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await admin.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await admin.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    admin.disconnect();
  }
}

export interface TestRedis {
  url: string;
  prefix: string;
  /** A new connection as the queue needs it (closed by `cleanUp`). */
  connect(): Redis;
  /** Deletes every key under the prefix (what FLUSHALL would do to this test's data). */
  deleteAll(): Promise<number>;
  /** Deletes the keys and closes the connections made here. */
  cleanUp(): Promise<void>;
}

export function createTestRedis(): TestRedis {
  const prefix = `hookline-test-${randomBytes(6).toString('hex')}`;
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  };
  const deleteAll = (): Promise<number> => deleteRedisKeys(prefix);
  return {
    url: TEST_REDIS_URL,
    prefix,
    connect,
    deleteAll,
    async cleanUp() {
      await deleteAll();
      for (const connection of connections) connection.disconnect();
    },
  };
}
