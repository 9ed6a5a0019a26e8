/**
 * docs/deploy.md scale-out mode: one `hookline serve --no-worker` and two `hookline worker`
 * processes on one fresh PostgreSQL database and the local Redis. Executions started through
 * the API are claimed and run by the workers; a worker SIGKILLed mid-run leaves nothing stuck
 * `running`: once its leases expire the other worker ends its executions INTERRUPTED, each
 * with its flow end delivery. A worker sent SIGTERM finishes the runs it holds, takes no more
 * and exits 0; the next worker runs what it left queued.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../src/storage/postgres/testing/database.js';
import { answer, startReceiver, type Receiver } from '../support/receiver.js';
import { runCli } from '../support/run-cli.js';
import { createTestRedis } from '../../../src/queue/testing/redis.js';
import { killAll, makeDataDir, removeDataDirs, startServe } from '../support/serve-process.js';
import { killAllWorkers, startWorker, type WorkerProcess } from '../support/worker-process.js';
import {
  callingFlow,
  createDefaultWebhook,
  createFlow,
  ok,
  QUICK_RETRIES,
  storingFlow,
  until,
} from './helpers.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
let database: TestDatabase | undefined;
let receiver: Receiver | undefined;
const dirs: string[] = [];

/** Short leases: a killed worker's executions are taken over within ~3 s. */
function scaleOutEnv(overrides: Record<string, string> = {}): Record<string, string> {
  if (!database) throw new Error('the test database was not created (see the error above)');
  return {
    HOOKLINE_DATABASE_URL: database.url,
    HOOKLINE_REDIS_URL: REDIS_URL,
    // The queue's keys under a prefix of this file's own, deleted after.
    HOOKLINE_REDIS_PREFIX: redis.prefix,
    HOOKLINE_SECRET_KEY: SECRET_KEY,
    HOOKLINE_EXECUTION_LEASE_SECONDS: '2',
    HOOKLINE_EXECUTION_HEARTBEAT_SECONDS: '1',
    ...QUICK_RETRIES,
    ...overrides,
  };
}
const SECRET_KEY = randomBytes(32).toString('base64');

const redis = createTestRedis();
beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await startReceiver();
});
afterAll(async () => {
  await killAllWorkers();
  await killAll();
  await receiver?.close();
  await removeDataDirs(dirs);
  await database?.drop();
  await redis.cleanUp();
});

/** `hookline accounts create` on the PostgreSQL store; `serve --no-worker` with its key. */
async function startApi(env: Record<string, string>) {
  const created = await runCli(['accounts', 'create', 'scale', '--json', '--force'], { env });
  expect(created).toMatchObject({ code: 0, stderr: '' });
  const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
  const dataDir = await makeDataDir();
  dirs.push(dataDir);
  return startServe({ dataDir, apiKey, env, args: ['--no-worker'] });
}

type Api = Awaited<ReturnType<typeof startApi>>;

async function startMany(api: Api, flowId: string, count: number): Promise<any[]> {
  const started: any[] = [];
  for (let batch = 0; batch < count; batch += 25) {
    const size = Math.min(25, count - batch);
    const answers = await Promise.all(
      Array.from({ length: size }, () =>
        ok(api.api('POST', `/v1/flows/${flowId}/executions`, { body: {} }), 'POST executions'),
      ),
    );
    started.push(...answers);
  }
  return started;
}

/** Every execution once none of them is queued or running any more. */
function allEnded(api: Api, ids: readonly string[], timeoutMs = 60_000): Promise<any[]> {
  return until(
    `${ids.length} executions to end`,
    async () => {
      const records = await Promise.all(
        ids.map((id) => ok(api.api('GET', `/v1/executions/${id}`), 'GET execution')),
      );
      return records.every((r) => r.status === 'completed' || r.status === 'failed')
        ? records
        : undefined;
    },
    timeoutMs,
  );
}

/** Each execution's one flow end delivery, once it succeeded. */
function deliveredEnds(api: Api, ids: readonly string[]): Promise<any[]> {
  return until(
    `the flow end deliveries of ${ids.length} executions`,
    async () => {
      const found = await Promise.all(
        ids.map(async (id) => {
          const body = await ok(api.api('GET', `/v1/deliveries?executionId=${id}`));
          return body.items as any[];
        }),
      );
      return found.every((items) => items.length === 1 && items[0].status === 'succeeded')
        ? found.map((items) => items[0])
        : undefined;
    },
    60_000,
  );
}

describe(
  'scale-out mode: serve --no-worker and two workers on PostgreSQL',
  { timeout: 180_000 },
  () => {
    it('runs 200 executions; a worker killed mid-run leaves none stuck running', async () => {
      const env = scaleOutEnv();
      const api = await startApi(env);
      const workers: WorkerProcess[] = await Promise.all([
        startWorker(env, ['--concurrency', '5']),
        startWorker(env, ['--concurrency', '5']),
      ]);
      await createDefaultWebhook(api, receiver!.url('/events'));

      // 1. 200 executions through the API: stored queued, all run by the workers.
      const storing = await createFlow(api, storingFlow());
      const started = await startMany(api, storing, 200);
      expect(started.every((record) => record.status === 'queued')).toBe(true);
      const ended = await allEnded(
        api,
        started.map((record) => record.id),
      );
      expect(ended.map((record) => record.status)).toEqual(ended.map(() => 'completed'));
      await deliveredEnds(
        api,
        started.map((record) => record.id),
      );

      // ?wait=true on the API process: the answer comes once a worker has ended it.
      const waited = await ok(
        api.api('POST', `/v1/flows/${storing}/executions?wait=true`, { body: {} }),
        'POST executions?wait=true',
      );
      expect(waited).toMatchObject({ status: 'completed' });
      expect(waited.endTime).not.toBeNull();

      // 2. Ten slow executions fill both workers' five slots; one worker is killed mid-run.
      receiver!.handle('/slow', (_request, response) => {
        setTimeout(() => {
          answer(response, 200);
        }, 3_000);
      });
      const calling = await createFlow(api, callingFlow({ url: receiver!.url('/slow') }));
      const slow = await startMany(api, calling, 10);
      await until('ten calls to the slow API', () =>
        receiver!.received('/slow').length >= 10 ? true : undefined,
      );
      expect(await workers[0]!.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

      const slowIds = slow.map((record) => record.id);
      const outcomes = await allEnded(api, slowIds, 30_000);
      const reasons = outcomes
        .map((record) =>
          record.status === 'completed' ? 'completed' : `failed/${record.endReason}`,
        )
        .sort();
      // The survivor's five complete; the killed worker's five are taken over and interrupted.
      expect(reasons).toEqual([
        ...Array.from({ length: 5 }, () => 'completed'),
        ...Array.from({ length: 5 }, () => 'failed/INTERRUPTED'),
      ]);
      const deliveries = await deliveredEnds(api, slowIds);
      expect(deliveries.map((delivery) => delivery.executionId).sort()).toEqual(
        [...slowIds].sort(),
      );
      // The survivor or the API process took them over (every process looks for expired leases).
      expect(`${workers[1]!.stderr()}${api.stderr()}`).toContain(
        'ended executions whose process is gone',
      );

      // SIGTERM: each drains and exits 0.
      expect(await workers[1]!.kill('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(await api.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    });

    it('SIGTERM: a worker finishes the runs it holds, takes no more, exits 0; another runs the rest', async () => {
      const env = scaleOutEnv();
      const api = await startApi(env);
      const first = await startWorker(env, ['--concurrency', '2']);
      receiver!.handle('/drain', (_request, response) => {
        setTimeout(() => {
          answer(response, 200);
        }, 2_000);
      });
      const calling = await createFlow(api, callingFlow({ url: receiver!.url('/drain') }));
      const started = await startMany(api, calling, 4);
      await until('two calls to the slow API', () =>
        receiver!.received('/drain').length >= 2 ? true : undefined,
      );
      // Stopped while both its run slots wait on the slow API: it ends them before exiting.
      expect(await first.kill('SIGTERM')).toEqual({ code: 0, signal: null });
      const ids = started.map((record) => record.id as string);
      const after = await Promise.all(
        ids.map((id) => ok(api.api('GET', `/v1/executions/${id}`), 'GET execution')),
      );
      const statuses = after.map((record) => record.status as string).sort();
      expect(statuses).toEqual(['completed', 'completed', 'queued', 'queued']);
      expect(receiver!.received('/drain')).toHaveLength(2);
      // The two it never took wait for the next worker, which runs them.
      await startWorker(env, ['--concurrency', '2']);
      const ended = await allEnded(api, ids, 30_000);
      expect(ended.map((record) => record.status)).toEqual(ids.map(() => 'completed'));
      expect(receiver!.received('/drain')).toHaveLength(4);
      expect(await api.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    });
  },
);

describe('scale-out mode: settings and health', () => {
  it('needs both HOOKLINE_DATABASE_URL and HOOKLINE_REDIS_URL, or neither', async () => {
    const { HOOKLINE_DATABASE_URL = '', HOOKLINE_REDIS_URL = '' } = scaleOutEnv();
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    for (const env of [{ HOOKLINE_DATABASE_URL }, { HOOKLINE_REDIS_URL }]) {
      const result = await runCli(['serve', '--port', '0', '--data', dataDir], { env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^hookline: HOOKLINE_(DATABASE|REDIS)_URL is set but HOOKLINE_(REDIS|DATABASE)_URL is not: scale-out mode needs both \(docs\/deploy\.md\).*\n$/,
      );
    }
    const worker = await runCli(['worker'], { env: {} });
    expect(worker).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'hookline: hookline worker runs only in scale-out mode: set HOOKLINE_DATABASE_URL and HOOKLINE_REDIS_URL (docs/deploy.md)\n',
    });
  });

  it('/healthz answers 200 with both up, 503 naming Redis when it is unreachable', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => {
          resolve(port);
        });
      });
    });
    const healthy = await startApi(scaleOutEnv());
    const up = await healthy.api('GET', '/healthz', { key: null });
    expect(up).toEqual({ status: 200, body: { status: 'ok', database: 'ok', redis: 'ok' } });

    const env = scaleOutEnv({ HOOKLINE_REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    const worker = await startWorker(env, ['--port', '0']);
    const api = await startApi(env);
    const down = await api.api('GET', '/healthz', { key: null });
    expect(down).toEqual({
      status: 503,
      body: { status: 'unavailable', database: 'ok', redis: 'unreachable' },
    });
    const fromWorker = await fetch(`${worker.healthUrl!}/healthz`);
    expect(fromWorker.status).toBe(503);
    expect(await fromWorker.json()).toEqual(down.body);
    await Promise.all([healthy.kill('SIGTERM'), api.kill('SIGTERM'), worker.kill('SIGTERM')]);
  });
});
