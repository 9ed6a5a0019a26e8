import { describe, expect, it } from 'vitest';
import type { ClaimRequest, DeliveryRecord } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, attempt, delivery } from './fixtures.js';

/** A claim at `now` holding for a minute. */
function claimAt(now: number, overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return { now: at(now), limit: 50, leaseUntil: at(now + 60), perWebhookLimit: 10, ...overrides };
}

const ids = (rows: DeliveryRecord[]): string[] => rows.map((d) => d.id);

export function describeClaimContract(context: ContractContext): void {
  describe('claimDueDeliveries', () => {
    it('claims only pending, due, unleased (or lease-expired) deliveries, and leases them', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([
        delivery('dl_due', ACCOUNT_A, { nextAttemptAt: at(100) }),
        delivery('dl_now', ACCOUNT_B, { nextAttemptAt: at(150) }),
        delivery('dl_future', ACCOUNT_A, { nextAttemptAt: at(151) }),
        delivery('dl_failed', ACCOUNT_A, { status: 'failed', nextAttemptAt: at(100) }),
        delivery('dl_done', ACCOUNT_A, { status: 'succeeded', nextAttemptAt: at(100) }),
        delivery('dl_leased', ACCOUNT_A, { leaseUntil: at(160) }),
        delivery('dl_lease_ends_now', ACCOUNT_A, { leaseUntil: at(150) }),
        delivery('dl_expired', ACCOUNT_A, { leaseUntil: at(149) }),
      ]);
      const claimed = await deliveries.claimDueDeliveries(claimAt(150));
      expect(ids(claimed).sort()).toEqual(['dl_due', 'dl_expired', 'dl_now']);
      for (const row of claimed) expect(row.leaseUntil).toBe(at(210));
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_due'))?.leaseUntil).toBe(at(210));
    });

    it('never hands the same delivery to a second claim while the lease holds', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([
        delivery('dl_1', ACCOUNT_A),
        delivery('dl_2', ACCOUNT_A),
      ]);
      expect(ids(await deliveries.claimDueDeliveries(claimAt(100)))).toHaveLength(2);
      expect(await deliveries.claimDueDeliveries(claimAt(100))).toEqual([]);
      expect(await deliveries.claimDueDeliveries(claimAt(160))).toEqual([]);
      // The holder died: once the lease has run out, another worker takes over.
      expect(ids(await deliveries.claimDueDeliveries(claimAt(161))).sort()).toEqual([
        'dl_1',
        'dl_2',
      ]);
    });

    it('claims in due order (nextAttemptAt, then createdAt), up to the limit', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([
        delivery('dl_c', ACCOUNT_A, { nextAttemptAt: at(90), createdAt: at(3) }),
        delivery('dl_a', ACCOUNT_A, { nextAttemptAt: at(80), createdAt: at(9) }),
        delivery('dl_b', ACCOUNT_A, { nextAttemptAt: at(90), createdAt: at(1) }),
        delivery('dl_d', ACCOUNT_A, { nextAttemptAt: at(95), createdAt: at(0) }),
      ]);
      expect(ids(await deliveries.claimDueDeliveries(claimAt(100, { limit: 3 })))).toEqual([
        'dl_a',
        'dl_b',
        'dl_c',
      ]);
      expect(ids(await deliveries.claimDueDeliveries(claimAt(100, { limit: 3 })))).toEqual([
        'dl_d',
      ]);
    });

    it('caps in-flight deliveries per webhook without holding back the others', async () => {
      const { deliveries } = context.storage();
      const dead = Array.from({ length: 100 }, (_, index) =>
        delivery(`dl_dead_${String(index).padStart(3, '0')}`, ACCOUNT_A, {
          webhookId: 'wh_dead',
          nextAttemptAt: at(10 + index),
        }),
      );
      const healthy = [1, 2, 3].map((n) =>
        delivery(`dl_ok_${n}`, ACCOUNT_B, { webhookId: 'wh_ok', nextAttemptAt: at(500 + n) }),
      );
      await deliveries.enqueueDeliveries([...dead, ...healthy]);

      const cap = { perWebhookLimit: 2, limit: 10 };
      const first = await deliveries.claimDueDeliveries(claimAt(600, cap));
      expect(ids(first)).toEqual(['dl_dead_000', 'dl_dead_001', 'dl_ok_1', 'dl_ok_2']);
      // The cap counts leases from earlier claims too.
      expect(await deliveries.claimDueDeliveries(claimAt(601, cap))).toEqual([]);
      for (let round = 0; round < 5; round += 1) {
        const more = await deliveries.claimDueDeliveries(claimAt(602, { ...cap, limit: 1 }));
        expect(more).toEqual([]);
      }

      // One healthy delivery ends: exactly one more healthy slot opens; the dead stay capped.
      await deliveries.recordAttempt({
        attempt: attempt('dl_ok_1', 1, { status: 200 }),
        status: 'succeeded',
        nextAttemptAt: null,
      });
      expect(ids(await deliveries.claimDueDeliveries(claimAt(603, cap)))).toEqual(['dl_ok_3']);

      // A dead attempt fails and is rescheduled: its slot goes to the next dead delivery.
      await deliveries.recordAttempt({
        attempt: attempt('dl_dead_000', 1),
        status: 'pending',
        nextAttemptAt: at(5000),
      });
      expect(ids(await deliveries.claimDueDeliveries(claimAt(604, cap)))).toEqual(['dl_dead_002']);

      // Leases run out (the worker died): the cap applies afresh, never more than 2 at once.
      const afterExpiry = await deliveries.claimDueDeliveries(claimAt(700, cap));
      expect(afterExpiry.filter((d) => d.webhookId === 'wh_dead')).toHaveLength(2);
    });

    it('a claim made right after recordAttempt (not awaited) sees the lease released', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([
        delivery('dl_1', ACCOUNT_A, { nextAttemptAt: at(10) }),
        delivery('dl_2', ACCOUNT_A, { nextAttemptAt: at(20) }),
        delivery('dl_3', ACCOUNT_A, { nextAttemptAt: at(30) }),
      ]);
      const cap = { perWebhookLimit: 1, limit: 10 };
      expect(ids(await deliveries.claimDueDeliveries(claimAt(100, cap)))).toEqual(['dl_1']);
      // The dispatcher's order: hand the record over, claim for the freed slot, then await.
      const recorded = deliveries.recordAttempt({
        attempt: attempt('dl_1', 1, { status: 200 }),
        status: 'succeeded',
        nextAttemptAt: null,
      });
      const claimed = deliveries.claimDueDeliveries(claimAt(101, cap));
      await recorded;
      expect(ids(await claimed)).toEqual(['dl_2']);
      // A record that fails releases nothing: the cap still holds dl_2's lease.
      const failed = deliveries.recordAttempt({
        attempt: attempt('dl_missing', 1),
        status: 'failed',
        nextAttemptAt: null,
      });
      const none = deliveries.claimDueDeliveries(claimAt(102, cap));
      await expect(failed).rejects.toThrow();
      expect(await none).toEqual([]);
    });

    it('releases the lease on a recorded attempt so a due retry is claimable', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
      await deliveries.claimDueDeliveries(claimAt(100));
      await deliveries.recordAttempt({
        attempt: attempt('dl_1', 1),
        status: 'pending',
        nextAttemptAt: at(100),
      });
      expect(ids(await deliveries.claimDueDeliveries(claimAt(100)))).toEqual(['dl_1']);
    });
  });
}
