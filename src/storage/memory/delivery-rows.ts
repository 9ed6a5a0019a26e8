import type { DeliveryRecord } from '../ports.js';
import { conflict, copy, type MemoryState } from './state.js';

/** Refuses a batch that would duplicate a delivery id, before anything is written. */
export function checkNewDeliveries(
  state: MemoryState,
  deliveries: readonly DeliveryRecord[],
): void {
  const ids = new Set<string>();
  for (const delivery of deliveries) {
    if (state.deliveries.has(delivery.id) || ids.has(delivery.id)) {
      throw conflict(`delivery ${delivery.id}`);
    }
    ids.add(delivery.id);
  }
}

/** Stores a checked batch (see `checkNewDeliveries`). */
export function insertDeliveries(state: MemoryState, deliveries: readonly DeliveryRecord[]): void {
  for (const delivery of deliveries) {
    state.deliveries.set(delivery.id, copy(delivery));
    state.attempts.set(delivery.id, []);
  }
}

/** Marks a webhook's pending deliveries failed; returns how many. */
export function failPending(state: MemoryState, webhookId: string, at: string): number {
  let count = 0;
  for (const delivery of state.deliveries.values()) {
    if (delivery.webhookId === webhookId && delivery.status === 'pending') {
      Object.assign(delivery, { status: 'failed', nextAttemptAt: null, leaseUntil: null });
      delivery.updatedAt = at;
      count += 1;
    }
  }
  return count;
}
