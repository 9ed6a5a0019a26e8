import { describe, expect, it } from 'vitest';
import type { Clock } from '../engine/index.js';
import { execution, ACCOUNT_A } from '../storage/contract/fixtures.js';
import { createMemoryStorage } from '../storage/memory/index.js';
import type { ExecutionRecord } from '../storage/ports.js';
import { ClaimLoop } from './claim-loop.js';
import { LeaseKeeper } from './leases.js';

const T0 = Date.UTC(2026, 0, 1);
const clockAt = (ms: { now: number }): Clock => ({
  now: () => new Date(ms.now),
  monotonicMs: () => ms.now,
});

/** A keeper whose `interrupt` stores the INTERRUPTED end, as the execution service does. */
function keeper(
  storage: ReturnType<typeof createMemoryStorage>,
  owner: string,
  time: { now: number },
  running: () => string[] = () => [],
) {
  const ended: string[] = [];
  const lease = new LeaseKeeper({
    store: storage.executions,
    owner,
    running,
    clock: clockAt(time),
    leaseMs: 30_000,
    heartbeatMs: 10_000,
    interrupt: async (record: ExecutionRecord) => {
      ended.push(record.id);
      await storage.executions.finishExecution(
        { ...record, status: 'failed', endReason: 'INTERRUPTED' },
        [],
      );
    },
    onError: (error) => {
      throw error;
    },
  });
  return { lease, ended };
}

/** Running executions held by `owner` until `leaseUntil`, created one ms apart. */
async function runningRows(
  storage: ReturnType<typeof createMemoryStorage>,
  count: number,
  owner: string,
  leaseUntil: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = `ex_${String(index).padStart(4, '0')}`;
    ids.push(id);
    const createdAt = new Date(T0 + index).toISOString();
    await storage.executions.createExecution(
      execution(id, ACCOUNT_A, { status: 'running', createdAt }),
      { owner, leaseUntil },
    );
  }
  return ids;
}

describe('LeaseKeeper (docs/server.md "Executions across processes")', () => {
  it('ends every expired execution, in batches, none skipped, each by one of two keepers', async () => {
    const storage = createMemoryStorage();
    const time = { now: T0 + 60_000 };
    const ids = await runningRows(storage, 250, 'gone', new Date(T0 + 30_000).toISOString());
    const one = keeper(storage, 'one', time);
    const two = keeper(storage, 'two', time);
    const counts = await Promise.all([one.lease.takeOverExpired(), two.lease.takeOverExpired()]);
    expect(counts[0] + counts[1]).toBe(250);
    expect([...one.ended, ...two.ended].sort()).toEqual(ids);
    const page = await storage.executions.listExecutions(ACCOUNT_A, {}, { limit: 500 });
    expect(page.items.every((e) => e.status === 'failed' && e.endReason === 'INTERRUPTED')).toBe(
      true,
    );
  });

  it('leaves executions whose lease has not ended; ends them all when told every lease ended', async () => {
    const storage = createMemoryStorage();
    const time = { now: T0 };
    await runningRows(storage, 3, 'alive', new Date(T0 + 30_000).toISOString());
    const { lease, ended } = keeper(storage, 'one', time);
    expect(await lease.takeOverExpired()).toBe(0);
    expect(await lease.takeOverExpired('9999-12-31T23:59:59.999Z')).toBe(3);
    expect(ended).toHaveLength(3);
  });

  it('on stop lets go of what it holds: another process ends it at once', async () => {
    const storage = createMemoryStorage();
    const time = { now: T0 };
    const leaseUntil = new Date(T0 + 30_000).toISOString();
    await runningRows(storage, 2, 'one', leaseUntil);
    const one = keeper(storage, 'one', time, () => ['ex_0000', 'ex_0001']);
    const two = keeper(storage, 'two', time);
    expect(await two.lease.takeOverExpired()).toBe(0);
    one.lease.start();
    await one.lease.stop();
    time.now += 1;
    expect(await two.lease.takeOverExpired()).toBe(2);
  });
});

describe('ClaimLoop', () => {
  it('claims no more than the free run slots, and the rest when woken', async () => {
    const storage = createMemoryStorage();
    const time = { now: T0 };
    await storage.executions.createExecutions(
      Array.from({ length: 7 }, (_, index) =>
        execution(`ex_${index}`, ACCOUNT_A, { createdAt: new Date(T0 + index).toISOString() }),
      ),
    );
    const ran: string[] = [];
    let free = 3;
    const loop = new ClaimLoop({
      store: storage.executions,
      runner: {
        get freeSlots() {
          return free;
        },
        runClaimed: (record) => {
          ran.push(record.id);
          free -= 1;
        },
      },
      hold: () => ({ owner: 'one', leaseUntil: new Date(T0 + 30_000).toISOString() }),
      clock: clockAt(time),
      idlePollMs: 60_000,
      onError: (error) => {
        throw error;
      },
    });
    loop.start();
    await expect.poll(() => ran.length).toBe(3);
    free = 10;
    loop.wake();
    await expect.poll(() => ran.length).toBe(7);
    expect(ran).toEqual(['ex_0', 'ex_1', 'ex_2', 'ex_3', 'ex_4', 'ex_5', 'ex_6']);
    await loop.stop();
  });
});
