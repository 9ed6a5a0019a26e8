import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, ExecutionRecord, Storage } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, attempt, delivery, execution } from './fixtures.js';

/** An execution ended at `created + 1` seconds. */
function ended(id: string, accountId: string, createdSecond: number): ExecutionRecord {
  return execution(id, accountId, {
    status: 'completed',
    endReason: 'hangup',
    createdAt: at(createdSecond),
    startTime: at(createdSecond),
    endTime: at(createdSecond + 1),
  });
}

/** Stores an ended execution with one delivery (of `status`) and `attempts` attempts. */
async function endWithDelivery(
  storage: Storage,
  record: ExecutionRecord,
  status: DeliveryRecord['status'],
  attempts = 1,
): Promise<void> {
  const id = `dlv_${record.id}`;
  const created = delivery(id, record.accountId, { executionId: record.id, createdAt: at(0) });
  await storage.executions.finishExecution(record, [created]);
  for (let number = 1; number <= attempts; number += 1) {
    await storage.deliveries.recordAttempt({
      attempt: attempt(id, number),
      status: number === attempts ? status : 'pending',
      nextAttemptAt: number === attempts && status !== 'pending' ? null : at(900),
    });
  }
}

async function ids(storage: Storage, accountId: string): Promise<string[]> {
  const page = await storage.executions.listExecutions(accountId, {}, { limit: 100 });
  return page.items.map((item) => item.id).sort();
}

export function describeRetentionContract(context: ContractContext): void {
  describe('retention', () => {
    it('prunes ended executions created before olderThan, with deliveries and attempts', async () => {
      const storage = context.storage();
      await endWithDelivery(storage, ended('ex_old', ACCOUNT_A, 10), 'succeeded', 2);
      await storage.executions.finishExecution(ended('ex_old_b', ACCOUNT_B, 11), []);
      await storage.executions.finishExecution(ended('ex_new', ACCOUNT_A, 100), []);
      const result = await storage.retention.pruneExpired({ olderThan: at(50), limit: 10 });
      expect(result).toEqual({ executions: 2, deliveries: 1, attempts: 2, more: false });
      expect(await ids(storage, ACCOUNT_A)).toEqual(['ex_new']);
      expect(await ids(storage, ACCOUNT_B)).toEqual([]);
      expect(await storage.executions.getExecution(ACCOUNT_A, 'ex_old')).toBeUndefined();
      expect(await storage.deliveries.getDelivery(ACCOUNT_A, 'dlv_ex_old')).toBeUndefined();
      expect(await storage.deliveries.listAttempts('dlv_ex_old')).toEqual([]);
    });

    it('removes a pruned execution’s event log with it, and only its own', async () => {
      const storage = context.storage();
      const { executions } = storage;
      for (const record of [ended('ex_old', ACCOUNT_A, 10), ended('ex_new', ACCOUNT_A, 100)]) {
        await executions.appendExecutionEvents(record.id, [{ type: 'end', at: at(1) }]);
        await executions.finishExecution(record, []);
      }
      await storage.retention.pruneExpired({ olderThan: at(50), limit: 10 });
      expect(await executions.listExecutionEvents('ex_old', 0, 10)).toEqual([]);
      expect((await executions.listExecutionEvents('ex_new', 0, 10)).map((e) => e.seq)).toEqual([
        1,
      ]);
      // A new log under a reused id starts at 1 again.
      const [again] = await executions.appendExecutionEvents('ex_old', [
        { type: 'play', at: at(200) },
      ]);
      expect(again?.seq).toBe(1);
    });

    it('keeps unfinished executions and ones with a delivery still pending', async () => {
      const storage = context.storage();
      const { executions } = storage;
      await executions.createExecution(execution('ex_queued', ACCOUNT_A, { createdAt: at(1) }));
      await executions.createExecution(
        execution('ex_scheduled', ACCOUNT_A, { createdAt: at(1), scheduledFor: at(999) }),
      );
      await executions.createExecution(
        execution('ex_running', ACCOUNT_A, { status: 'running', createdAt: at(1) }),
      );
      await endWithDelivery(storage, ended('ex_pending', ACCOUNT_A, 2), 'pending', 1);
      await endWithDelivery(storage, ended('ex_failed', ACCOUNT_A, 3), 'failed', 1);
      const result = await storage.retention.pruneExpired({
        olderThan: at(50),
        keepLatest: 0,
        limit: 10,
      });
      expect(result).toEqual({ executions: 1, deliveries: 1, attempts: 1, more: false });
      expect(await ids(storage, ACCOUNT_A)).toEqual([
        'ex_pending',
        'ex_queued',
        'ex_running',
        'ex_scheduled',
      ]);
      expect(await storage.deliveries.listAttempts('dlv_ex_pending')).toHaveLength(1);
    });

    it('prunes ended executions beyond the keepLatest stored last, whatever their age', async () => {
      const storage = context.storage();
      // Stored in this order; creation times do not follow it.
      const order = [5, 1, 9, 3, 7];
      for (const [index, second] of order.entries()) {
        const accountId = index % 2 === 0 ? ACCOUNT_A : ACCOUNT_B;
        await storage.executions.finishExecution(ended(`ex_${index}`, accountId, second), []);
      }
      const result = await storage.retention.pruneExpired({ keepLatest: 2, limit: 10 });
      expect(result).toMatchObject({ executions: 3, more: false });
      expect(await ids(storage, ACCOUNT_A)).toEqual(['ex_4']);
      expect(await ids(storage, ACCOUNT_B)).toEqual(['ex_3']);
      expect(await storage.retention.pruneExpired({ keepLatest: 2, limit: 10 })).toMatchObject({
        executions: 0,
      });
    });

    it('counts unfinished executions among the latest but never prunes them', async () => {
      const storage = context.storage();
      await storage.executions.finishExecution(ended('ex_1', ACCOUNT_A, 1), []);
      await storage.executions.createExecution(execution('ex_2', ACCOUNT_A, { createdAt: at(2) }));
      await storage.executions.finishExecution(ended('ex_3', ACCOUNT_A, 3), []);
      await storage.retention.pruneExpired({ keepLatest: 1, limit: 10 });
      expect(await ids(storage, ACCOUNT_A)).toEqual(['ex_2', 'ex_3']);
    });

    it('works in batches of at most limit executions, oldest stored first', async () => {
      const storage = context.storage();
      for (let index = 0; index < 5; index += 1) {
        await storage.executions.finishExecution(ended(`ex_${index}`, ACCOUNT_A, index), []);
      }
      const request = { olderThan: at(100), limit: 2 };
      expect(await storage.retention.pruneExpired(request)).toMatchObject({
        executions: 2,
        more: true,
      });
      expect(await ids(storage, ACCOUNT_A)).toEqual(['ex_2', 'ex_3', 'ex_4']);
      expect(await storage.retention.pruneExpired(request)).toMatchObject({
        executions: 2,
        more: true,
      });
      expect(await storage.retention.pruneExpired(request)).toMatchObject({
        executions: 1,
        more: false,
      });
      expect(await ids(storage, ACCOUNT_A)).toEqual([]);
    });

    it('prunes settled deliveries of no execution created before olderThan', async () => {
      const storage = context.storage();
      const standalone = (id: string, second: number, status: DeliveryRecord['status']) =>
        delivery(id, ACCOUNT_A, { createdAt: at(second), status });
      await storage.deliveries.enqueueDeliveries([
        standalone('dlv_old_done', 1, 'succeeded'),
        standalone('dlv_old_failed', 2, 'failed'),
        standalone('dlv_old_pending', 3, 'pending'),
        standalone('dlv_new_done', 90, 'succeeded'),
      ]);
      expect(await storage.retention.pruneExpired({ keepLatest: 0, limit: 10 })).toEqual({
        executions: 0,
        deliveries: 0,
        attempts: 0,
        more: false,
      });
      const result = await storage.retention.pruneExpired({ olderThan: at(50), limit: 10 });
      expect(result).toEqual({ executions: 0, deliveries: 2, attempts: 0, more: false });
      const left = await storage.deliveries.listDeliveries(ACCOUNT_A, {}, { limit: 10 });
      expect(left.items.map((item) => item.id).sort()).toEqual(['dlv_new_done', 'dlv_old_pending']);
    });
  });
}
