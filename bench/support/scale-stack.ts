/**
 * The installations `bench:scale` measures (bench/scale.ts): the embedded mode (one `hookline
 * serve` on a SQLite data directory) and scale-out mode (docs/deploy.md: `hookline serve
 * --no-worker` and 1 or more `hookline worker` processes on a fresh PostgreSQL database and the
 * local Redis under a key prefix of its own). Each is torn down whole: processes, database,
 * keys.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../src/queue/testing/redis.js';
import { createTestDatabase } from '../../src/storage/postgres/testing/database.js';
import { forkChild, type ManagedChild } from './children.js';
import {
  hooklineEnv,
  startHookline,
  type HooklineServer,
  type Runner,
} from './hookline-process.js';

export interface Stack {
  label: string;
  apiKey: string;
  api: HooklineServer;
  workers: ManagedChild[];
  close(): Promise<void>;
}

async function accountsCreate(runner: Runner, args: string[], env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [runner.hooklineScript, 'accounts', 'create', 'bench', '--json', ...args],
    { cwd: runner.repoRoot, env: { ...hooklineEnv(), ...env }, timeout: 60_000 },
  );
  return (JSON.parse(stdout) as { apiKey: string }).apiKey;
}

/** `hookline worker --concurrency N`, once it printed its "running" line. */
async function startWorker(
  runner: Runner,
  env: Record<string, string>,
  concurrency: number,
  label: string,
  profileDir: string | undefined,
): Promise<ManagedChild> {
  let stdout = '';
  let running: (() => void) | undefined;
  const started = new Promise<void>((resolve) => (running = resolve));
  const child = forkChild({
    name: `hookline worker (${label.replace(/-/g, ' ')})`,
    script: runner.hooklineScript,
    args: ['worker', '--concurrency', String(concurrency)],
    execArgv: [
      ...runner.hooklineExecArgv,
      ...(profileDir === undefined
        ? []
        : ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${label}`, '--cpu-prof-interval=250']),
    ],
    env: { ...hooklineEnv(), ...env },
    cwd: runner.repoRoot,
    onStdout: (text) => {
      stdout += text;
      if (stdout.includes('Hookline worker running')) running?.();
    },
  });
  const exited = new Promise<never>((_resolve, reject) => {
    child.process.once('exit', (code) => {
      reject(new Error(`${child.name} exited (${String(code)})\n${child.stderrTail()}`));
    });
  });
  exited.catch(() => undefined);
  await Promise.race([started, exited]);
  return child;
}

/** One `hookline serve` (worker included) on a SQLite data directory under `root`. */
export async function startEmbedded(
  runner: Runner,
  root: string,
  concurrency: number,
  profileDir?: string,
) {
  const dataDir = join(root, 'embedded');
  await mkdir(dataDir, { recursive: true });
  const apiKey = await accountsCreate(runner, ['--data', dataDir], {});
  const env = { HOOKLINE_EXECUTION_CONCURRENCY: String(concurrency) };
  const api = await startHookline({
    runner,
    dataDir,
    worker: true,
    profileDir,
    label: 'embedded',
    env,
  });
  const stack: Stack = {
    label: 'embedded (SQLite)',
    apiKey,
    api,
    workers: [],
    close: () => api.stop(),
  };
  return stack;
}

/** `serve --no-worker` and `workers` × `hookline worker` on PostgreSQL and Redis. */
export async function startScaleOut(
  runner: Runner,
  root: string,
  workers: number,
  concurrency: number,
  /** CPU profiles of the API process (`serve`) and each worker, one directory each, at exit. */
  profileDir?: string,
): Promise<Stack> {
  const database = await createTestDatabase();
  const prefix = `hookline-bench-${randomBytes(6).toString('hex')}`;
  const env = {
    HOOKLINE_DATABASE_URL: database.url,
    HOOKLINE_REDIS_URL: TEST_REDIS_URL,
    HOOKLINE_REDIS_PREFIX: prefix,
    HOOKLINE_SECRET_KEY: randomBytes(32).toString('base64'),
    HOOKLINE_EXECUTION_CONCURRENCY: String(concurrency),
  };
  const started: Array<HooklineServer | ManagedChild> = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.map((child) => child.stop()));
    await database.drop();
    await deleteRedisKeys(prefix);
  };
  try {
    const apiKey = await accountsCreate(runner, [], env);
    const dataDir = join(root, `scale-${workers}`);
    await mkdir(dataDir, { recursive: true });
    const api = await startHookline({
      runner,
      dataDir,
      worker: false,
      profileDir,
      label: `api-${workers}`,
      env,
    });
    started.push(api);
    const children: ManagedChild[] = [];
    for (let index = 0; index < workers; index += 1) {
      const label = `worker-${index + 1}-of-${workers}`;
      const worker = await startWorker(runner, env, concurrency, label, profileDir);
      started.push(worker);
      children.push(worker);
    }
    const label = `scale-out, ${workers} worker${workers === 1 ? '' : 's'}`;
    return { label, apiKey, api, workers: children, close };
  } catch (error) {
    await close();
    throw error;
  }
}
