/**
 * Scale-out mode in one test process: server cores ("processes") on one PostgreSQL database
 * (a fresh one per test file) and one Redis (a prefix of the file's own), each with its own
 * pool and Redis connections, as `hookline serve` and `hookline worker` would have.
 */
import { createAccount } from '../../src/accounts/index.js';
import { createRedisScaleOut, type RedisScaleOut } from '../../src/app/redis-scale-out.js';
import { createServerCore, type ServerCore } from '../../src/app/server-core.js';
import { systemClock } from '../../src/app/system-clock.js';
import { loadSettings } from '../../src/config/index.js';
import { createTestRedis, type TestRedis } from '../../src/queue/testing/redis.js';
import { createSealer } from '../../src/secrets/index.js';
import { createPostgresStorage } from '../../src/storage/postgres/index.js';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../src/storage/postgres/testing/database.js';
import type { Storage } from '../../src/storage/ports.js';
import { silentLog } from '../../src/app/testing/silent-log.js';

export interface Member {
  core: ServerCore;
  storage: Storage;
  redis: RedisScaleOut;
  /** A request with the cluster's API key, or with `apiKey`. */
  call(
    method: string,
    path: string,
    body?: unknown,
    apiKey?: string,
  ): Promise<{ status: number; body: any }>;
}

export interface Cluster {
  database: TestDatabase;
  redis: TestRedis;
  apiKey: string;
  accountId: string;
  /** A new core; `worker: false` is `hookline serve --no-worker` (consumes no job). */
  add(options: {
    worker: boolean;
    env?: Record<string, string>;
    /** How long its cached rows are used at most (ServerCoreOptions.cacheTtlMs). */
    cacheTtlMs?: number;
  }): Promise<Member>;
  close(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const database = await createTestDatabase();
  const redis = createTestRedis();
  const members: Member[] = [];
  const open = (): Promise<Storage> =>
    createPostgresStorage({ connectionString: database.url, poolSize: 4 });
  const admin = await open();
  const account = await createAccount(admin.accounts, 'A', new Date());
  const stored = await admin.accounts.getAccount(account.account.id);
  if (!stored) throw new Error('the account was not stored');
  // The loopback receiver is plain HTTP.
  await admin.accounts.updateAccountSettings(stored.id, {
    ...stored.settings,
    allowPlainHttp: true,
  });
  await admin.close();
  return {
    database,
    redis,
    apiKey: account.apiKey,
    accountId: stored.id,
    async add({ worker, env = {}, cacheTtlMs }) {
      const storage = await open();
      const scaleOut = await createRedisScaleOut({
        url: redis.url,
        prefix: redis.prefix,
        log: silentLog,
      });
      const core = createServerCore({
        storage,
        settings: loadSettings({ HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1', ...env }),
        sealer: createSealer(Buffer.alloc(32, 3)),
        clock: systemClock,
        log: silentLog,
        publicUrl: () => 'http://hookline.test',
        dispatcher: worker,
        dispatcherIdlePollMs: 1000,
        queue: scaleOut.queue,
        signals: scaleOut.signals,
        scaleOut: true,
        sweep: { everyMs: 300, graceMs: 500 },
        ...(cacheTtlMs === undefined ? {} : { cacheTtlMs }),
      });
      await core.start();
      const member: Member = {
        core,
        storage,
        redis: scaleOut,
        async call(method, path, body, apiKey = account.apiKey) {
          const response = await core.api.request(path, {
            method,
            headers: {
              authorization: `Bearer ${apiKey}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return { status: response.status, body: text === '' ? null : JSON.parse(text) };
        },
      };
      members.push(member);
      return member;
    },
    async close() {
      for (const member of members) {
        await member.core.stop();
        await member.redis.close();
        await member.storage.close();
      }
      await redis.cleanUp();
      await database.drop();
    },
  };
}

export async function until<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
