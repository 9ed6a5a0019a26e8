import { settle } from '../common/settle.js';
import type { DeliveryRecord, DeliveryStore } from '../ports.js';
import { claimDue } from './claim.js';
import {
  checkNewDeliveries,
  failPending,
  insertDeliveries,
  recordAttempt,
} from './delivery-rows.js';
import { paginate } from './paginate.js';
import { copy, type MemoryState } from './state.js';

/** Deliveries and their attempts, in memory. */
export function createMemoryDeliveries(state: MemoryState): DeliveryStore {
  const owned = (accountId: string, deliveryId: string): DeliveryRecord | undefined => {
    const delivery = state.deliveries.get(deliveryId);
    return delivery?.accountId === accountId ? delivery : undefined;
  };
  const pending = (): DeliveryRecord[] =>
    [...state.deliveries.values()].filter((d) => d.status === 'pending');

  return {
    claimDueDeliveries: (request) => settle(() => copy(claimDue(state, request))),

    recordAttempt: (result) => settle(() => recordAttempt(state, result)),

    getDelivery: (accountId, deliveryId) => settle(() => copy(owned(accountId, deliveryId))),

    listAttempts: (deliveryId) =>
      settle(() => {
        const attempts = [...(state.attempts.get(deliveryId) ?? [])];
        // A stable sort keeps two records of the same attempt number in insertion order.
        return copy(attempts.sort((a, b) => a.attempt - b.attempt));
      }),

    listDeliveries: (accountId, filter, page) =>
      settle(() => {
        const matching = [...state.deliveries.values()].filter(
          (d) =>
            d.accountId === accountId &&
            (filter.executionId === undefined || d.executionId === filter.executionId) &&
            (filter.status === undefined || d.status === filter.status) &&
            (filter.webhookId === undefined || d.webhookId === filter.webhookId),
        );
        return copy(paginate(matching, page, 'desc'));
      }),

    enqueueDeliveries: (deliveries) =>
      settle(() => {
        checkNewDeliveries(state, deliveries);
        insertDeliveries(state, deliveries);
      }),

    requeueDelivery: (accountId, deliveryId, now) =>
      settle(() => {
        const delivery = owned(accountId, deliveryId);
        if (!delivery || delivery.status === 'pending' || delivery.failureReason !== null) {
          return false;
        }
        requeue(delivery, now);
        return true;
      }),

    recoverFailedDeliveries: (accountId, webhookId, since, now) =>
      settle(() => {
        let count = 0;
        for (const delivery of state.deliveries.values()) {
          if (
            delivery.accountId === accountId &&
            delivery.webhookId === webhookId &&
            delivery.status === 'failed' &&
            delivery.failureReason === null &&
            delivery.createdAt >= since
          ) {
            requeue(delivery, now);
            count += 1;
          }
        }
        return count;
      }),

    failPendingDeliveries: (webhookId, at) => settle(() => failPending(state, webhookId, at)),

    releaseWaitingDeliveries: (webhookId, now) =>
      settle(() => {
        const waiting = pending().filter(
          (d) => d.webhookId === webhookId && d.nextAttemptAt === null,
        );
        for (const delivery of waiting) requeue(delivery, now);
        return waiting.length;
      }),

    countPendingDeliveries: () => settle(() => pending().length),

    nextDueTime: () =>
      settle(() => {
        let earliest: string | undefined;
        for (const delivery of pending()) {
          const due = claimableFrom(delivery);
          if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
        }
        return earliest;
      }),
  };
}

function requeue(delivery: DeliveryRecord, now: string): void {
  delivery.status = 'pending';
  delivery.nextAttemptAt = now;
  delivery.leaseUntil = null;
  delivery.updatedAt = now;
}

/** When a pending delivery can next be claimed: when due, or when its lease runs out. */
function claimableFrom(delivery: DeliveryRecord): string | undefined {
  const { nextAttemptAt, leaseUntil } = delivery;
  if (nextAttemptAt === null) return undefined;
  return leaseUntil !== null && leaseUntil > nextAttemptAt ? leaseUntil : nextAttemptAt;
}
