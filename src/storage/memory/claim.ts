import type { ClaimRequest, DeliveryRecord } from '../ports.js';
import type { MemoryState } from './state.js';

/**
 * Leases due deliveries (docs/architecture.md), oldest due first, never letting one webhook hold more
 * than `perWebhookLimit` live leases: a dead endpoint's backlog cannot starve the others
 * (docs/server.md). Returns the stored rows, already leased.
 */
export function claimDue(state: MemoryState, request: ClaimRequest): DeliveryRecord[] {
  const { now } = request;
  const inFlight = new Map<string, number>();
  const due: DeliveryRecord[] = [];
  for (const delivery of state.deliveries.values()) {
    if (delivery.status !== 'pending') continue;
    if (delivery.leaseUntil !== null && delivery.leaseUntil >= now) {
      inFlight.set(delivery.webhookId, (inFlight.get(delivery.webhookId) ?? 0) + 1);
    } else if (delivery.nextAttemptAt !== null && delivery.nextAttemptAt <= now) {
      due.push(delivery);
    }
  }
  due.sort(byDueOrder);

  const claimed: DeliveryRecord[] = [];
  for (const delivery of due) {
    if (claimed.length >= request.limit) break;
    const held = inFlight.get(delivery.webhookId) ?? 0;
    if (held >= request.perWebhookLimit) continue;
    inFlight.set(delivery.webhookId, held + 1);
    delivery.leaseUntil = request.leaseUntil;
    delivery.updatedAt = now;
    claimed.push(delivery);
  }
  return claimed;
}

/** nextAttemptAt, then createdAt, then id: the same order as the SQL adapters. */
function byDueOrder(a: DeliveryRecord, b: DeliveryRecord): number {
  for (const [x, y] of [
    [a.nextAttemptAt ?? '', b.nextAttemptAt ?? ''],
    [a.createdAt, b.createdAt],
    [a.id, b.id],
  ] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
