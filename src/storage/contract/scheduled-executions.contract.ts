import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, execution } from './fixtures.js';

const ids = (rows: ExecutionRecord[]): string[] => rows.map((e) => e.id);

/** A queued execution that must not start before `second`. */
function scheduled(id: string, second: number, overrides: Partial<ExecutionRecord> = {}) {
  return execution(id, ACCOUNT_A, { scheduledFor: at(second), ...overrides });
}

export function describeScheduledExecutionContract(context: ContractContext): void {
  describe('scheduled executions (docs/internal-functions.md createOutbound)', () => {
    it('stores and reads scheduledFor, null included', async () => {
      const { executions } = context.storage();
      await executions.createExecution(scheduled('ex_later', 600));
      await executions.createExecution(execution('ex_now', ACCOUNT_A));
      expect(await executions.getExecution(ACCOUNT_A, 'ex_later')).toEqual(
        scheduled('ex_later', 600),
      );
      expect((await executions.getExecution(ACCOUNT_A, 'ex_now'))?.scheduledFor).toBeNull();
    });

    it('creates a batch in one call, each only in its own account', async () => {
      const { executions } = context.storage();
      const batch = [scheduled('ex_1', 600), scheduled('ex_2', 600), scheduled('ex_3', 700)];
      await executions.createExecutions(batch);
      for (const row of batch) {
        expect(await executions.getExecution(ACCOUNT_A, row.id)).toEqual(row);
        expect(await executions.getExecution(ACCOUNT_B, row.id)).toBeUndefined();
      }
      expect(await executions.listExecutions(ACCOUNT_B, {}, { limit: 10 })).toEqual({ items: [] });
      await executions.createExecutions([]);
      expect(await executions.listUnfinishedExecutions(10)).toHaveLength(3);
    });

    it('creates a batch all or none: an id already stored rejects the whole batch', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_taken', ACCOUNT_A, { status: 'completed' }));
      const batch = [scheduled('ex_new', 600), scheduled('ex_taken', 600), scheduled('ex_3', 600)];
      await expect(executions.createExecutions(batch)).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await executions.getExecution(ACCOUNT_A, 'ex_new')).toBeUndefined();
      expect(await executions.getExecution(ACCOUNT_A, 'ex_3')).toBeUndefined();
      expect((await executions.getExecution(ACCOUNT_A, 'ex_taken'))?.status).toBe('completed');
      expect(await executions.nextScheduledTime()).toBeUndefined();
    });

    it('creates a batch all or none: an id repeated within the batch stores nothing', async () => {
      const { executions } = context.storage();
      const batch = [scheduled('ex_1', 600), scheduled('ex_2', 600), scheduled('ex_1', 700)];
      await expect(executions.createExecutions(batch)).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await executions.listUnfinishedExecutions(10)).toEqual([]);
    });

    it('lists scheduled executions among the unfinished ones', async () => {
      const { executions } = context.storage();
      await executions.createExecution(scheduled('ex_later', 9000, { createdAt: at(1) }));
      await executions.createExecution(execution('ex_now', ACCOUNT_A, { createdAt: at(2) }));
      expect(ids(await executions.listUnfinishedExecutions(10))).toEqual(['ex_later', 'ex_now']);
    });

    it('lists due scheduled executions of every account, by scheduledFor then id', async () => {
      const { executions } = context.storage();
      await executions.createExecutions([
        scheduled('ex_c', 500),
        scheduled('ex_b', 500, { accountId: ACCOUNT_B }),
        scheduled('ex_a', 400),
        scheduled('ex_boundary', 600),
        scheduled('ex_future', 601),
        scheduled('ex_running', 100, { status: 'running', startTime: at(100) }),
        scheduled('ex_done', 100, { status: 'completed' }),
        execution('ex_unscheduled', ACCOUNT_A),
      ]);
      const due = await executions.listDueScheduledExecutions(at(600), 10);
      expect(ids(due)).toEqual(['ex_a', 'ex_b', 'ex_c', 'ex_boundary']);
      expect(due[1]).toEqual(scheduled('ex_b', 500, { accountId: ACCOUNT_B }));
      expect(ids(await executions.listDueScheduledExecutions(at(600), 2))).toEqual([
        'ex_a',
        'ex_b',
      ]);
      expect(await executions.listDueScheduledExecutions(at(399), 10)).toEqual([]);
    });

    it('tells the earliest scheduledFor among queued executions', async () => {
      const { executions } = context.storage();
      expect(await executions.nextScheduledTime()).toBeUndefined();
      await executions.createExecutions([
        execution('ex_unscheduled', ACCOUNT_A),
        scheduled('ex_running', 100, { status: 'running', startTime: at(100) }),
        scheduled('ex_failed', 100, { status: 'failed' }),
      ]);
      expect(await executions.nextScheduledTime()).toBeUndefined();
      await executions.createExecution(scheduled('ex_late', 900));
      await executions.createExecution(scheduled('ex_early', 700, { accountId: ACCOUNT_B }));
      expect(await executions.nextScheduledTime()).toBe(at(700));
      expect(await executions.markExecutionRunning('ex_early', at(700))).toBe(true);
      expect(await executions.nextScheduledTime()).toBe(at(900));
    });

    it('refuses to start a scheduled execution before its time, then starts it once', async () => {
      const { executions } = context.storage();
      await executions.createExecution(scheduled('ex_1', 600));
      expect(await executions.markExecutionRunning('ex_1', at(599))).toBe(false);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(scheduled('ex_1', 600));
      expect(await executions.markExecutionRunning('ex_1', at(600))).toBe(true);
      expect(await executions.markExecutionRunning('ex_1', at(601))).toBe(false);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toMatchObject({
        status: 'running',
        startTime: at(600),
        scheduledFor: at(600),
      });
      expect(await executions.listDueScheduledExecutions(at(9999), 10)).toEqual([]);
    });

    it('keeps scheduledFor when the execution ends', async () => {
      const { executions } = context.storage();
      await executions.createExecution(scheduled('ex_1', 600));
      await executions.markExecutionRunning('ex_1', at(600));
      const ended = scheduled('ex_1', 600, {
        status: 'completed',
        endReason: 'hangup',
        startTime: at(600),
        endTime: at(601),
      });
      await executions.finishExecution(ended, []);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(ended);
    });

    it('keeps scheduled executions across a restart, exactly once', async ({ skip }) => {
      const reopen = context.reopen();
      if (!reopen) {
        skip('this adapter keeps nothing after close');
        return;
      }
      const storage = context.storage();
      const batch = [scheduled('ex_1', 600), scheduled('ex_2', 660), scheduled('ex_3', 720)];
      await storage.executions.createExecutions(batch);
      await storage.close();

      const again = await reopen();
      expect(await again.executions.nextScheduledTime()).toBe(at(600));
      expect(await again.executions.listDueScheduledExecutions(at(9999), 10)).toEqual(batch);
      expect(ids(await again.executions.listUnfinishedExecutions(10))).toEqual(ids(batch));
    });
  });
}
