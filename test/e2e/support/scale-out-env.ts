/**
 * The server's end-to-end suite once more in scale-out mode (docs/deploy.md): with
 * HOOKLINE_TEST_SCALE_OUT=1 (the `e2e-scale-out` vitest project), every data directory a test
 * hands `hookline serve` or a CLI command (`--data DIR`) stands for one installation on a
 * PostgreSQL database and a Redis key prefix of its own, made on first use and removed when the
 * test file ends (`dropInstallations`, from test/support/scale-out-setup.ts). A test that sets
 * HOOKLINE_DATABASE_URL or HOOKLINE_REDIS_URL itself is left alone.
 */
import { randomBytes } from 'node:crypto';
import type { TestDatabase } from '../../../src/storage/postgres/testing/database.js';

export const TEST_REDIS_URL = process.env.HOOKLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True in the scale-out project (vitest.config.ts). */
export const scaleOutProject = (): boolean => process.env.HOOKLINE_TEST_SCALE_OUT === '1';

interface Installation {
  database: TestDatabase;
  env: Record<string, string>;
}

const installations = new Map<string, Promise<Installation>>();

async function makeInstallation(): Promise<Installation> {
  // Loaded on use: the other end-to-end tests never load pg or ioredis.
  const { createTestDatabase } = await import('../../../src/storage/postgres/testing/database.js');
  const database = await createTestDatabase();
  return {
    database,
    env: {
      HOOKLINE_DATABASE_URL: database.url,
      HOOKLINE_REDIS_URL: TEST_REDIS_URL,
      HOOKLINE_REDIS_PREFIX: `hookline-e2e-${randomBytes(6).toString('hex')}`,
      HOOKLINE_SECRET_KEY: randomBytes(32).toString('base64'),
    },
  };
}

/**
 * The scale-out variables for the installation of `dataDir` ({} outside the scale-out project,
 * without a data directory, or when `extra` already chooses a store).
 */
export async function installationEnv(
  dataDir: string | undefined,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  if (!scaleOutProject() || dataDir === undefined) return {};
  if ('HOOKLINE_DATABASE_URL' in extra || 'HOOKLINE_REDIS_URL' in extra) return {};
  let installation = installations.get(dataDir);
  if (!installation) {
    installation = makeInstallation();
    installations.set(dataDir, installation);
  }
  return (await installation).env;
}

/** The value after `--data` in CLI arguments. */
export function dataDirArgument(args: readonly string[]): string | undefined {
  const at = args.indexOf('--data');
  return at === -1 ? undefined : args[at + 1];
}

/**
 * Everything the installation of `dataDir` holds, as text: every row of every table of its
 * PostgreSQL database and every value under its Redis prefix (a test searches it for secrets).
 */
export async function installationContents(dataDir: string): Promise<string> {
  const installation = await installations.get(dataDir);
  if (installation === undefined) throw new Error(`no scale-out installation for ${dataDir}`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: installation.database.url });
  await client.connect();
  const parts: string[] = [];
  try {
    const tables = await client.query<{ name: string }>(
      "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      for (const { row } of rows.rows) parts.push(row);
    }
  } finally {
    await client.end();
  }
  const { Redis } = await import('ioredis');
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const prefix = installation.env.HOOKLINE_REDIS_PREFIX ?? '';
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) parts.push(key, await redisValue(redis, key));
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return parts.join('\n');
}

async function redisValue(redis: import('ioredis').Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  if (type === 'string') return (await redis.get(key)) ?? '';
  if (type === 'hash') return JSON.stringify(await redis.hgetall(key));
  if (type === 'list') return (await redis.lrange(key, 0, -1)).join('\n');
  if (type === 'set') return (await redis.smembers(key)).join('\n');
  if (type === 'zset') return (await redis.zrange(key, 0, -1)).join('\n');
  if (type === 'stream') return JSON.stringify(await redis.xrange(key, '-', '+'));
  return '';
}

/** Drops every database and Redis prefix made in this test file (its processes ended first). */
export async function dropInstallations(): Promise<void> {
  const made = await Promise.allSettled(installations.values());
  installations.clear();
  for (const result of made) {
    if (result.status !== 'fulfilled') continue;
    const { database, env } = result.value;
    await database.drop();
    // Loaded here only: most test files never start a scale-out installation.
    const { deleteRedisKeys } = await import('../../../src/queue/testing/redis.js');
    await deleteRedisKeys(env.HOOKLINE_REDIS_PREFIX ?? '', TEST_REDIS_URL);
  }
}
