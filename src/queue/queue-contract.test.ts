import { afterEach, describe, expect, it } from 'vitest';
import { createBullQueue } from './bullmq.js';
import { createInProcessQueue } from './in-process.js';
import type { Job, JobQueue } from './ports.js';
import { createTestRedis, type TestRedis } from './testing/redis.js';

interface Made {
  queue: JobQueue;
  done: () => Promise<void>;
}

const adapters: Array<[string, () => Made]> = [
  ['in-process', () => ({ queue: createInProcessQueue(), done: () => Promise.resolve() })],
  [
    'BullMQ',
    () => {
      const redis: TestRedis = createTestRedis();
      const queue = createBullQueue({ connection: redis.connect(), prefix: redis.prefix });
      return {
        queue,
        done: async () => {
          await queue.close();
          await redis.cleanUp();
        },
      };
    },
  ],
];

const job = (id: string, extra: Partial<Job> = {}): Job => ({
  kind: 'execution',
  id,
  accountId: 'acc_1',
  ...extra,
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(adapters)('the %s queue', (_name, make) => {
  let made: Made | undefined;
  afterEach(async () => {
    await made?.done();
    made = undefined;
  });

  it('runs due jobs in the order they were added, one at a time at concurrency 1', async () => {
    made = make();
    const seen: string[] = [];
    await made.queue.enqueue([job('exec_a'), job('exec_b'), job('exec_c')]);
    made.queue.consume('execution', 1, async (given) => {
      seen.push(given.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    await until(() => seen.length === 3);
    expect(seen).toEqual(['exec_a', 'exec_b', 'exec_c']);
  });

  it('ignores a job whose id is already waiting, delayed or running', async () => {
    made = make();
    const seen: string[] = [];
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await made.queue.enqueue([
      job('exec_a'),
      job('exec_a'),
      job('exec_b', { runAt: Date.now() + 200 }),
    ]);
    await made.queue.enqueue([job('exec_b', { runAt: Date.now() + 100 })]);
    made.queue.consume('execution', 2, async (given) => {
      seen.push(given.id);
      if (given.id === 'exec_a') await held;
    });
    await until(() => seen.includes('exec_a'));
    await made.queue.enqueue([job('exec_a')]); // running now
    await until(() => seen.includes('exec_b'));
    release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.sort()).toEqual(['exec_a', 'exec_b']);
    // Once run, the same row may be enqueued again (its consumer claims it, or finds it taken).
    await made.queue.enqueue([job('exec_a')]);
    await until(() => seen.length === 3);
    expect(seen.filter((id) => id === 'exec_a')).toHaveLength(2);
  });

  it('runs a delayed job at its due time, not before', async () => {
    made = make();
    const ranAt = new Map<string, number>();
    const due = Date.now() + 600;
    await made.queue.enqueue([
      job('dlv_late', { kind: 'delivery', runAt: due }),
      job('dlv_now', { kind: 'delivery' }),
    ]);
    made.queue.consume('delivery', 4, (given) => {
      ranAt.set(given.id, Date.now());
      return Promise.resolve();
    });
    await until(() => ranAt.size === 2);
    expect(ranAt.get('dlv_now')).toBeLessThan(due);
    expect(ranAt.get('dlv_late')).toBeGreaterThanOrEqual(due - 20);
    expect(ranAt.get('dlv_late')).toBeLessThan(due + 2000);
  });

  it('keeps timeouts of different waits of one execution apart', async () => {
    made = make();
    const seen: string[] = [];
    await made.queue.enqueue([
      job('exec_w', { kind: 'timeout', sequence: 0 }),
      job('exec_w', { kind: 'timeout', sequence: 1 }),
      job('exec_w', { kind: 'timeout', sequence: 1 }),
    ]);
    made.queue.consume('timeout', 1, (given) => {
      seen.push(`${given.id}/${given.sequence}`);
      return Promise.resolve();
    });
    await until(() => seen.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual(['exec_w/0', 'exec_w/1']);
  });

  it('counts waiting and delayed jobs and the age of the oldest waiting one', async () => {
    made = make();
    await made.queue.enqueue([
      job('exec_old', { runAt: Date.now() - 2000 }),
      job('exec_new'),
      job('exec_later', { runAt: Date.now() + 60_000 }),
    ]);
    const stats = await made.queue.stats();
    const executions = stats.find((entry) => entry.kind === 'execution');
    expect(executions).toMatchObject({ waiting: 2, delayed: 1 });
    expect(executions?.lagMs).toBeGreaterThanOrEqual(1900);
    expect(stats.find((entry) => entry.kind === 'delivery')).toEqual({
      kind: 'delivery',
      waiting: 0,
      delayed: 0,
      lagMs: 0,
    });
  });
});
