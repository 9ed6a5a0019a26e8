import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, attempt, collectPages, delivery } from './fixtures.js';

export function describeDeliveryContract(context: ContractContext): void {
  describe('deliveries', () => {
    it('enqueues and reads a delivery, only in its own account', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toEqual(delivery('dl_1', ACCOUNT_A));
      expect(await deliveries.getDelivery(ACCOUNT_B, 'dl_1')).toBeUndefined();
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_missing')).toBeUndefined();
      expect(await deliveries.listDeliveries(ACCOUNT_B, {}, { limit: 10 })).toEqual({ items: [] });
    });

    it('enqueues a batch all or nothing', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
      await expect(
        deliveries.enqueueDeliveries([delivery('dl_2', ACCOUNT_A), delivery('dl_1', ACCOUNT_A)]),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_2')).toBeUndefined();
      await deliveries.enqueueDeliveries([]);
    });

    it('lists newest first with filters, across pages', async () => {
      const { deliveries } = context.storage();
      const rows: DeliveryRecord[] = [
        delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1', createdAt: at(1) }),
        delivery('dl_2', ACCOUNT_A, { executionId: 'ex_2', createdAt: at(2), webhookId: 'wh_2' }),
        delivery('dl_3', ACCOUNT_A, { executionId: 'ex_1', createdAt: at(3), status: 'failed' }),
        delivery('dl_4', ACCOUNT_A, { executionId: 'ex_1', createdAt: at(3) }),
        delivery('dl_5', ACCOUNT_A, { executionId: null, createdAt: at(5), status: 'succeeded' }),
        delivery('dl_6', ACCOUNT_B, { executionId: 'ex_1', createdAt: at(6) }),
      ];
      await deliveries.enqueueDeliveries(rows);
      const ids = async (filter: Parameters<typeof deliveries.listDeliveries>[1]) =>
        (
          await collectPages((cursor) =>
            deliveries.listDeliveries(
              ACCOUNT_A,
              filter,
              cursor === undefined ? { limit: 2 } : { limit: 2, cursor },
            ),
          )
        ).items.map((d) => d.id);
      expect(await ids({})).toEqual(['dl_5', 'dl_4', 'dl_3', 'dl_2', 'dl_1']);
      expect(await ids({ executionId: 'ex_1' })).toEqual(['dl_4', 'dl_3', 'dl_1']);
      expect(await ids({ status: 'pending' })).toEqual(['dl_4', 'dl_2', 'dl_1']);
      expect(await ids({ webhookId: 'wh_2' })).toEqual(['dl_2']);
      expect(await ids({ executionId: 'ex_1', status: 'failed', webhookId: 'wh_1' })).toEqual([
        'dl_3',
      ]);
    });

    it('records attempts: new state, attempt count, lease released; attempts in order', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
      await deliveries.claimDueDeliveries({
        now: at(100),
        limit: 10,
        leaseUntil: at(160),
        perWebhookLimit: 5,
      });
      await deliveries.recordAttempt({
        attempt: attempt('dl_1', 1),
        status: 'pending',
        nextAttemptAt: at(105),
      });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        status: 'pending',
        attemptCount: 1,
        nextAttemptAt: at(105),
        leaseUntil: null,
      });
      const success = attempt('dl_1', 2, { status: 204, responseExcerpt: null, error: null });
      await deliveries.recordAttempt({
        attempt: success,
        status: 'succeeded',
        nextAttemptAt: null,
      });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        status: 'succeeded',
        attemptCount: 2,
        nextAttemptAt: null,
        leaseUntil: null,
      });
      expect(await deliveries.listAttempts('dl_1')).toEqual([attempt('dl_1', 1), success]);
      expect(await deliveries.listAttempts('dl_missing')).toEqual([]);
    });

    it('refuses an attempt for a delivery that does not exist', async () => {
      const { deliveries } = context.storage();
      await expect(
        deliveries.recordAttempt({
          attempt: attempt('dl_missing', 1),
          status: 'failed',
          nextAttemptAt: null,
        }),
      ).rejects.toThrow();
      expect(await deliveries.listAttempts('dl_missing')).toEqual([]);
    });

    it('counts pending deliveries, overall and per execution', async () => {
      const { deliveries } = context.storage();
      expect(await deliveries.countPendingDeliveries()).toBe(0);
      await deliveries.enqueueDeliveries([
        delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' }),
        delivery('dl_2', ACCOUNT_B, { executionId: 'ex_1', leaseUntil: at(999) }),
        delivery('dl_3', ACCOUNT_A, { executionId: 'ex_1', status: 'failed' }),
        delivery('dl_4', ACCOUNT_A, { executionId: 'ex_2' }),
        delivery('dl_5', ACCOUNT_A, { executionId: 'ex_3', status: 'succeeded' }),
      ]);
      expect(await deliveries.countPendingDeliveries()).toBe(3);
      expect(await deliveries.countOpenDeliveriesForExecution('ex_1')).toBe(2);
      expect(await deliveries.countOpenDeliveriesForExecution('ex_3')).toBe(0);
      expect(await deliveries.countOpenDeliveriesForExecution('ex_missing')).toBe(0);
    });

    it('tells when the next pending delivery can be claimed', async () => {
      const { deliveries } = context.storage();
      expect(await deliveries.nextDueTime()).toBeUndefined();
      await deliveries.enqueueDeliveries([
        delivery('dl_late', ACCOUNT_A, { nextAttemptAt: at(300) }),
        delivery('dl_failed', ACCOUNT_A, { status: 'failed', nextAttemptAt: at(10) }),
        // Leased: claimable only once its lease has run out.
        delivery('dl_leased', ACCOUNT_A, { nextAttemptAt: at(20), leaseUntil: at(250) }),
      ]);
      expect(await deliveries.nextDueTime()).toBe(at(250));
      await deliveries.enqueueDeliveries([
        delivery('dl_soon', ACCOUNT_B, { nextAttemptAt: at(40) }),
      ]);
      expect(await deliveries.nextDueTime()).toBe(at(40));
    });
  });
}
