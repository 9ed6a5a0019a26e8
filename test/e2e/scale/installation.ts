/**
 * One scale-out installation for a test (docs/deploy.md): a fresh PostgreSQL database, the
 * local Redis under a key prefix of its own, one secret key, and the `hookline serve
 * --no-worker` and `hookline worker` processes started on them. `close()` stops every process
 * and removes the database and the keys.
 */
import { randomBytes } from 'node:crypto';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../src/storage/postgres/testing/database.js';
import { runCli } from '../support/run-cli.js';
import { deleteRedisKeys } from '../../../src/queue/testing/redis.js';
import { TEST_REDIS_URL } from '../support/scale-out-env.js';
import {
  killAll,
  makeDataDir,
  removeDataDirs,
  startServe,
  type ServeProcess,
} from '../support/serve-process.js';
import { killAllWorkers, startWorker, type WorkerProcess } from '../support/worker-process.js';

export interface Installation {
  env: Record<string, string>;
  prefix: string;
  apiKey: string;
  /** `hookline serve --no-worker` on a port of its own, with the account's key. */
  startApi(): Promise<ServeProcess>;
  startWorker(concurrency: number): Promise<WorkerProcess>;
  /** Every Redis key under the prefix deleted (FLUSHALL for this installation); how many. */
  deleteRedisKeys(): Promise<number>;
  close(): Promise<void>;
}

export async function createInstallation(settings: Record<string, string>): Promise<Installation> {
  const database: TestDatabase = await createTestDatabase();
  const prefix = `hookline-scale-${randomBytes(6).toString('hex')}`;
  const env = {
    HOOKLINE_DATABASE_URL: database.url,
    HOOKLINE_REDIS_URL: TEST_REDIS_URL,
    HOOKLINE_REDIS_PREFIX: prefix,
    HOOKLINE_SECRET_KEY: randomBytes(32).toString('base64'),
    ...settings,
  };
  const dirs: string[] = [];
  try {
    const created = await runCli(['accounts', 'create', 'scale', '--json'], { env });
    if (created.code !== 0) throw new Error(`accounts create failed: ${created.stderr}`);
    const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
    return {
      env,
      prefix,
      apiKey,
      async startApi() {
        const dataDir = await makeDataDir();
        dirs.push(dataDir);
        return startServe({ dataDir, apiKey, env, args: ['--no-worker'] });
      },
      startWorker: (concurrency) => startWorker(env, ['--concurrency', String(concurrency)]),
      deleteRedisKeys: () => deleteRedisKeys(prefix, TEST_REDIS_URL),
      async close() {
        await killAllWorkers();
        await killAll();
        await removeDataDirs(dirs);
        await deleteRedisKeys(prefix, TEST_REDIS_URL);
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
