import { describe, expect, it } from 'vitest';
import type { Clock } from '../engine/index.js';
import { createMemoryStorage } from '../storage/memory/index.js';
import type { ExecutionRecord, Storage } from '../storage/ports.js';
import { RetentionSweeper } from './retention.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 1);

/** A clock the test moves by hand. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = START;
  return {
    now: () => new Date(now),
    monotonicMs: () => now - START,
    advance: (ms) => {
      now += ms;
    },
  };
}

function ended(id: string, createdMs: number): ExecutionRecord {
  const at = new Date(createdMs).toISOString();
  return {
    id,
    accountId: 'acct_a',
    flowId: 'flow_1',
    flowVersion: 1,
    status: 'completed',
    endReason: 'hangup',
    direction: 'api',
    from: '',
    to: '',
    variables: {},
    persisted: [],
    path: [],
    events: [],
    steps: [],
    createdAt: at,
    startTime: at,
    endTime: at,
    variablesPurged: true,
    scheduledFor: null,
  };
}

async function storedIds(storage: Storage): Promise<string[]> {
  const page = await storage.executions.listExecutions('acct_a', {}, { limit: 100 });
  return page.items.map((item) => item.id).sort();
}

describe('retention sweeper', () => {
  it('prunes what is older than the age limit as the clock moves, in batches', async () => {
    const storage = createMemoryStorage();
    const clock = fakeClock();
    for (let index = 0; index < 5; index += 1) {
      await storage.executions.finishExecution(ended(`ex_${index}`, START + index * DAY_MS), []);
    }
    const batches: number[] = [];
    const sweeper = new RetentionSweeper({
      store: storage.retention,
      clock,
      maxAgeMs: 14 * DAY_MS,
      maxExecutions: undefined,
      batchSize: 2,
      onPruned: (table, count) => {
        if (table === 'executions') batches.push(count);
      },
    });
    expect(await sweeper.sweep()).toEqual({ executions: 0, deliveries: 0, delivery_attempts: 0 });
    clock.advance(14 * DAY_MS + 3 * DAY_MS);
    expect((await sweeper.sweep()).executions).toBe(3);
    expect(batches).toEqual([2, 1]);
    expect(await storedIds(storage)).toEqual(['ex_3', 'ex_4']);
  });

  it('keeps the latest maxExecutions whatever their age', async () => {
    const storage = createMemoryStorage();
    for (let index = 0; index < 4; index += 1) {
      await storage.executions.finishExecution(ended(`ex_${index}`, START), []);
    }
    const sweeper = new RetentionSweeper({
      store: storage.retention,
      clock: fakeClock(),
      maxAgeMs: undefined,
      maxExecutions: 1,
    });
    expect(await sweeper.sweep()).toMatchObject({ executions: 3 });
    expect(await storedIds(storage)).toEqual(['ex_3']);
  });

  it('does not start without a limit', () => {
    const sweeper = new RetentionSweeper({
      store: createMemoryStorage().retention,
      clock: fakeClock(),
      maxAgeMs: undefined,
      maxExecutions: undefined,
    });
    expect(sweeper.enabled).toBe(false);
  });
});
