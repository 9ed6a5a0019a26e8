import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, at, execution } from './fixtures.js';

const ids = (rows: readonly ExecutionRecord[]): string[] => rows.map((e) => e.id);
const held = (owner: string, second: number) => ({ owner, leaseUntil: at(second) });

/** Queued executions created one second apart, oldest first. */
function queued(count: number, prefix = 'ex_q'): ExecutionRecord[] {
  return Array.from({ length: count }, (_, index) =>
    execution(`${prefix}${String(index).padStart(3, '0')}`, ACCOUNT_A, { createdAt: at(index) }),
  );
}

/** src/storage/lease-ports.ts: how several processes share the executions of one store. */
export function describeLeaseContract(context: ContractContext): void {
  describe('execution owners and leases (docs/server.md "Executions across processes")', () => {
    it('claims due queued executions oldest first, each once, running and held', async () => {
      const { executions } = context.storage();
      await executions.createExecutions([
        ...queued(5),
        execution('ex_later', ACCOUNT_A, { createdAt: at(0), scheduledFor: at(900) }),
        execution('ex_due', ACCOUNT_A, { createdAt: at(9), scheduledFor: at(100) }),
        execution('ex_done', ACCOUNT_A, { createdAt: at(0), status: 'completed' }),
      ]);
      const first = await executions.claimQueuedExecutions(held('one', 160), at(130), 3);
      expect(ids(first)).toEqual(['ex_q000', 'ex_q001', 'ex_q002']);
      expect(first[0]).toMatchObject({ status: 'running', startTime: at(130) });
      const rest = await executions.claimQueuedExecutions(held('two', 160), at(130), 10);
      expect(ids(rest)).toEqual(['ex_q003', 'ex_q004', 'ex_due']);
      expect(await executions.claimQueuedExecutions(held('two', 160), at(130), 10)).toEqual([]);
      const stored = await executions.getExecution(ACCOUNT_A, 'ex_q001');
      expect(stored).toMatchObject({ status: 'running', startTime: at(130) });
      // Not due yet: it stays queued until its time.
      expect((await executions.getExecution(ACCOUNT_A, 'ex_later'))?.status).toBe('queued');
      // Held: none of them is expired before its lease ends.
      expect(await executions.listExpiredExecutions(at(150), 10)).toEqual([]);
    });

    it('gives each of many concurrent claims different executions', async () => {
      const { executions } = context.storage();
      await executions.createExecutions(queued(40));
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          executions.claimQueuedExecutions(held(`w${index}`, 160), at(100), 6),
        ),
      );
      const all = claims.flatMap(ids);
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(ids(queued(40)));
    });

    it('claims one execution by id once, only while it is queued and due', async () => {
      const { executions } = context.storage();
      await executions.createExecutions([
        execution('ex_1', ACCOUNT_A),
        execution('ex_soon', ACCOUNT_A, { scheduledFor: at(200) }),
      ]);
      const both = await Promise.all([
        executions.claimQueuedExecution('ex_1', held('one', 160), at(100)),
        executions.claimQueuedExecution('ex_1', held('two', 160), at(100)),
      ]);
      expect(both.filter((claimed) => claimed !== undefined)).toHaveLength(1);
      expect(both.find(Boolean)).toMatchObject({ id: 'ex_1', status: 'running' });
      expect(await executions.claimQueuedExecution('ex_soon', held('one', 160), at(100))).toBe(
        undefined,
      );
      expect(await executions.claimQueuedExecution('ex_nope', held('one', 160), at(100))).toBe(
        undefined,
      );
      const due = await executions.claimQueuedExecution('ex_soon', held('one', 260), at(200));
      expect(due).toMatchObject({ status: 'running', startTime: at(200) });
    });

    it('claims executions by id at once, each with its own hold and time', async () => {
      const { executions } = context.storage();
      await executions.createExecutions([
        ...queued(3),
        execution('ex_soon', ACCOUNT_A, { scheduledFor: at(150) }),
        execution('ex_done', ACCOUNT_A, { status: 'completed' }),
      ]);
      const claims = await Promise.all([
        executions.claimQueuedExecution('ex_q000', held('one', 160), at(100)),
        executions.claimQueuedExecution('ex_q001', held('two', 170), at(110)),
        executions.claimQueuedExecution('ex_q000', held('two', 170), at(110)),
        executions.claimQueuedExecution('ex_soon', held('one', 160), at(100)),
        executions.claimQueuedExecution('ex_soon', held('two', 260), at(150)),
        executions.claimQueuedExecution('ex_done', held('one', 160), at(100)),
        executions.claimQueuedExecution('ex_nope', held('one', 160), at(100)),
      ]);
      expect(claims.map((claimed) => claimed?.startTime)).toEqual([
        at(100),
        at(110),
        undefined,
        undefined,
        at(150),
        undefined,
        undefined,
      ]);
      expect(claims.map((claimed) => claimed?.status)).toEqual([
        'running',
        'running',
        undefined,
        undefined,
        'running',
        undefined,
        undefined,
      ]);
      // Each is held by its own claimer.
      expect(
        await executions.renewExecutionLeases('one', ['ex_q000', 'ex_q001', 'ex_soon'], at(300)),
      ).toBe(1);
      expect(
        await executions.renewExecutionLeases('two', ['ex_q000', 'ex_q001', 'ex_soon'], at(300)),
      ).toBe(2);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_q002')).toMatchObject({
        status: 'queued',
      });
    });

    it("renews one owner's leases in one call; the others' expire", async () => {
      const { executions } = context.storage();
      await executions.createExecutions(queued(4));
      await executions.claimQueuedExecutions(held('one', 130), at(100), 2);
      await executions.claimQueuedExecutions(held('two', 130), at(100), 2);
      const all = ids(queued(4));
      expect(await executions.renewExecutionLeases('one', all, at(190))).toBe(2);
      expect(await executions.renewExecutionLeases('nobody', all, at(190))).toBe(0);
      expect(ids(await executions.listExpiredExecutions(at(131), 10))).toEqual([
        'ex_q002',
        'ex_q003',
      ]);
      expect(await executions.listExpiredExecutions(at(130), 10)).toEqual([]);
      expect(ids(await executions.listExpiredExecutions(at(191), 1))).toEqual(['ex_q000']);
    });

    it('lets exactly one process take over an expired execution', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_r', ACCOUNT_A, { status: 'running' }), {
        owner: 'gone',
        leaseUntil: at(130),
      });
      // Still leased: nobody takes it.
      expect(await executions.takeOverExecution('ex_r', held('one', 200), at(120))).toBe(false);
      const takes = await Promise.all(
        ['one', 'two', 'three'].map((owner) =>
          executions.takeOverExecution('ex_r', held(owner, 200), at(140)),
        ),
      );
      expect(takes.filter(Boolean)).toHaveLength(1);
      expect(await executions.listExpiredExecutions(at(150), 10)).toEqual([]);
      // The one that took it holds it now: its heartbeat renews it.
      const winner = ['one', 'two', 'three'][takes.indexOf(true)] ?? '';
      expect(await executions.renewExecutionLeases(winner, ['ex_r'], at(300))).toBe(1);
      expect(await executions.takeOverExecution('ex_r', held('four', 400), at(250))).toBe(false);
    });

    it('counts a running execution without a lease as expired; ended ones never', async () => {
      const { executions } = context.storage();
      await executions.createExecutions([
        execution('ex_old', ACCOUNT_A, { status: 'running', createdAt: at(1) }),
        execution('ex_end', ACCOUNT_A, { status: 'failed', createdAt: at(2) }),
        execution('ex_wait', ACCOUNT_A, { status: 'waiting', createdAt: at(3) }),
      ]);
      expect(ids(await executions.listExpiredExecutions(at(10), 10))).toEqual(['ex_old']);
      expect(await executions.takeOverExecution('ex_old', held('one', 100), at(10))).toBe(true);
      expect(await executions.takeOverExecution('ex_end', held('one', 100), at(10))).toBe(false);
    });

    it('releases what an owner holds: another process takes it over at once', async () => {
      const { executions } = context.storage();
      await executions.createExecutions(queued(3));
      await executions.claimQueuedExecutions(held('one', 500), at(100), 2);
      await executions.claimQueuedExecutions(held('two', 500), at(100), 1);
      expect(await executions.releaseExecutionLeases('one', at(110))).toBe(2);
      expect(ids(await executions.listExpiredExecutions(at(111), 10))).toEqual([
        'ex_q000',
        'ex_q001',
      ]);
      expect(await executions.renewExecutionLeases('one', ['ex_q000', 'ex_q001'], at(600))).toBe(2);
    });

    it('renews only the listed executions: one no longer run here is left to expire', async () => {
      const { executions } = context.storage();
      await executions.createExecutions(queued(3));
      await executions.claimQueuedExecutions(held('one', 130), at(100), 3);
      expect(await executions.renewExecutionLeases('one', ['ex_q000', 'ex_q002'], at(300))).toBe(2);
      expect(await executions.renewExecutionLeases('one', [], at(300))).toBe(0);
      expect(ids(await executions.listExpiredExecutions(at(200), 10))).toEqual(['ex_q001']);
    });

    it('holds a resumed execution for the process that goes on with it', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_w', ACCOUNT_A, { status: 'running' }), {
        owner: 'one',
        leaseUntil: at(130),
      });
      const record = await executions.getExecution(ACCOUNT_A, 'ex_w');
      if (!record) throw new Error('not stored');
      const waiting = {
        sequence: 1,
        widgetId: 'ask',
        prompt: 'PIN?',
        maxDigits: 4,
        timeoutSeconds: 5,
        dueAt: at(500),
        resume: { widgetId: 'ask', count: 1 },
      };
      await executions.waitExecution({ ...record, status: 'waiting', waiting });
      expect(await executions.resumeExecution('ex_w', 1, held('two', 300))).toBe(true);
      expect(await executions.listExpiredExecutions(at(200), 10)).toEqual([]);
      expect(ids(await executions.listExpiredExecutions(at(301), 10))).toEqual(['ex_w']);
    });
  });
}
