import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, delivery } from './fixtures.js';

/** Resend, recover and disable: the hand-driven delivery state changes (docs/server.md). */
export function describeDeliveryRecoveryContract(context: ContractContext): void {
  describe('delivery resend and recovery', () => {
    it('requeues a failed or succeeded delivery, due now, in its own account only', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([
        delivery('dl_f', ACCOUNT_A, { status: 'failed', attemptCount: 10, nextAttemptAt: null }),
        delivery('dl_s', ACCOUNT_A, { status: 'succeeded', attemptCount: 1, nextAttemptAt: null }),
        delivery('dl_p', ACCOUNT_A),
      ]);
      expect(await deliveries.requeueDelivery(ACCOUNT_B, 'dl_f', at(500))).toBe(false);
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_f'))?.status).toBe('failed');
      expect(await deliveries.requeueDelivery(ACCOUNT_A, 'dl_f', at(500))).toBe(true);
      expect(await deliveries.requeueDelivery(ACCOUNT_A, 'dl_s', at(500))).toBe(true);
      expect(await deliveries.requeueDelivery(ACCOUNT_A, 'dl_p', at(500))).toBe(false);
      expect(await deliveries.requeueDelivery(ACCOUNT_A, 'dl_missing', at(500))).toBe(false);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_f')).toEqual(
        delivery('dl_f', ACCOUNT_A, {
          status: 'pending',
          attemptCount: 10,
          nextAttemptAt: at(500),
          updatedAt: at(500),
        }),
      );
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_s'))?.status).toBe('pending');
      const claimed = await deliveries.claimDueDeliveries({
        now: at(500),
        limit: 10,
        leaseUntil: at(560),
        perWebhookLimit: 10,
      });
      expect(claimed.map((d) => d.id).sort()).toEqual(['dl_f', 'dl_p', 'dl_s']);
    });

    it("recovers one endpoint's failed deliveries since a time, in one account", async () => {
      const { deliveries } = context.storage();
      const failed = { status: 'failed' as const, nextAttemptAt: null };
      await deliveries.enqueueDeliveries([
        delivery('dl_1', ACCOUNT_A, { ...failed, createdAt: at(10) }),
        delivery('dl_2', ACCOUNT_A, { ...failed, createdAt: at(20) }),
        delivery('dl_old', ACCOUNT_A, { ...failed, createdAt: at(9) }),
        delivery('dl_wh2', ACCOUNT_A, { ...failed, createdAt: at(20), webhookId: 'wh_2' }),
        delivery('dl_b', ACCOUNT_B, { ...failed, createdAt: at(20) }),
        delivery('dl_ok', ACCOUNT_A, { status: 'succeeded', createdAt: at(20) }),
        delivery('dl_p', ACCOUNT_A, { createdAt: at(20) }),
      ]);
      expect(await deliveries.recoverFailedDeliveries(ACCOUNT_A, 'wh_1', at(10), at(900))).toBe(2);
      for (const id of ['dl_1', 'dl_2']) {
        expect(await deliveries.getDelivery(ACCOUNT_A, id)).toMatchObject({
          status: 'pending',
          nextAttemptAt: at(900),
          leaseUntil: null,
        });
      }
      for (const id of ['dl_old', 'dl_wh2']) {
        expect((await deliveries.getDelivery(ACCOUNT_A, id))?.status).toBe('failed');
      }
      expect((await deliveries.getDelivery(ACCOUNT_B, 'dl_b'))?.status).toBe('failed');
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_ok'))?.status).toBe('succeeded');
      expect(await deliveries.recoverFailedDeliveries(ACCOUNT_A, 'wh_1', at(10), at(901))).toBe(0);
    });

    it("fails a disabled endpoint's pending deliveries", async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([
        delivery('dl_1', ACCOUNT_A),
        delivery('dl_2', ACCOUNT_B, { leaseUntil: at(999) }),
        delivery('dl_ok', ACCOUNT_A, { status: 'succeeded', nextAttemptAt: null }),
        delivery('dl_wh2', ACCOUNT_A, { webhookId: 'wh_2' }),
      ]);
      expect(await deliveries.failPendingDeliveries('wh_1', at(700))).toBe(2);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        status: 'failed',
        nextAttemptAt: null,
        leaseUntil: null,
        updatedAt: at(700),
      });
      expect((await deliveries.getDelivery(ACCOUNT_B, 'dl_2'))?.status).toBe('failed');
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_ok'))?.status).toBe('succeeded');
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_wh2'))?.status).toBe('pending');
      expect(await deliveries.failPendingDeliveries('wh_1', at(701))).toBe(0);
    });

    it('never requeues a delivery that could never be sent (failureReason)', async () => {
      const { deliveries } = context.storage();
      const never = { status: 'failed' as const, nextAttemptAt: null, createdAt: at(20) };
      await deliveries.enqueueDeliveries([
        delivery('dl_big', ACCOUNT_A, { ...never, failureReason: 'PAYLOAD_TOO_LARGE' }),
        delivery('dl_none', ACCOUNT_A, { ...never, failureReason: 'NO_WEBHOOK', webhookId: '' }),
      ]);
      expect(await deliveries.requeueDelivery(ACCOUNT_A, 'dl_big', at(500))).toBe(false);
      expect(await deliveries.requeueDelivery(ACCOUNT_A, 'dl_none', at(500))).toBe(false);
      expect(await deliveries.recoverFailedDeliveries(ACCOUNT_A, 'wh_1', at(10), at(900))).toBe(0);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_big')).toEqual(
        delivery('dl_big', ACCOUNT_A, { ...never, failureReason: 'PAYLOAD_TOO_LARGE' }),
      );
    });

    it('releases the deliveries waiting for a disabled endpoint, and only those', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([
        delivery('dl_w1', ACCOUNT_A, { nextAttemptAt: null, trimmed: true }),
        delivery('dl_w2', ACCOUNT_B, { nextAttemptAt: null }),
        delivery('dl_due', ACCOUNT_A),
        delivery('dl_wh2', ACCOUNT_A, { webhookId: 'wh_2', nextAttemptAt: null }),
        delivery('dl_failed', ACCOUNT_A, { status: 'failed', nextAttemptAt: null }),
      ]);
      const claim = { limit: 10, leaseUntil: at(960), perWebhookLimit: 10 };
      expect(await deliveries.claimDueDeliveries({ ...claim, now: at(800) })).toMatchObject([
        { id: 'dl_due' },
      ]);
      expect(await deliveries.nextDueTime()).toBe(at(960));
      expect(await deliveries.releaseWaitingDeliveries('wh_1', at(900))).toBe(2);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_w1')).toEqual(
        delivery('dl_w1', ACCOUNT_A, { nextAttemptAt: at(900), trimmed: true, updatedAt: at(900) }),
      );
      const claimed = await deliveries.claimDueDeliveries({ ...claim, now: at(901) });
      expect(claimed.map((d) => d.id).sort()).toEqual(['dl_w1', 'dl_w2']);
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_wh2'))?.nextAttemptAt).toBeNull();
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_failed'))?.status).toBe('failed');
    });
  });
}
