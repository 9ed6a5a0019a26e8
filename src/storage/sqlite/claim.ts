import type { ClaimRequest, DeliveryRecord } from '../ports.js';
import {
  FIRST_PENDING_WEBHOOK,
  LEASE_DELIVERIES,
  NEXT_PENDING_WEBHOOK,
  SELECT_IN_FLIGHT,
  SELECT_WEBHOOK_DUE,
  type ClaimableRow,
} from './claim-sql.js';
import type { SqliteConnection } from './connection.js';
import { toDelivery, type DeliveryRow } from './delivery-rows.js';

/** Due order: next_attempt_at, created_at, id (ASCII text, so code-unit order is SQLite's). */
function byDueOrder(a: ClaimableRow, b: ClaimableRow): number {
  if (a.next_attempt_at !== b.next_attempt_at)
    return a.next_attempt_at < b.next_attempt_at ? -1 : 1;
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The rows a claim may take: of each webhook with pending rows, its first
 * (perWebhookLimit - live leases) claimable rows in due order, so a dead endpoint's backlog
 * never fills the claim and never exceeds its cap across calls (docs/server.md); then the earliest
 * `limit` of those. Any row past a webhook's share could never be chosen, so reading just
 * the shares (index seeks) gives the same rows as ranking the whole backlog.
 */
function chooseClaimable(sql: SqliteConnection, request: ClaimRequest, limit: number) {
  const held = new Map<string, number>();
  for (const row of sql.all(SELECT_IN_FLIGHT, request.now)) held.set(row.webhook_id, row.held);

  const candidates: ClaimableRow[] = [];
  let webhookId = sql.get(FIRST_PENDING_WEBHOOK)?.webhook_id ?? null;
  while (webhookId !== null) {
    // Never more than `limit` from one webhook: only the earliest `limit` overall are kept.
    const take = Math.min(limit, request.perWebhookLimit - (held.get(webhookId) ?? 0));
    if (take > 0) {
      candidates.push(...sql.all(SELECT_WEBHOOK_DUE, { webhookId, now: request.now, take }));
    }
    webhookId = sql.get(NEXT_PENDING_WEBHOOK, webhookId)?.webhook_id ?? null;
  }
  return candidates.sort(byDueOrder).slice(0, limit);
}

/**
 * Leases due deliveries; runs inside the caller's `BEGIN IMMEDIATE` transaction (the
 * adapter's group commit), so the selection and the lease happen under the database write
 * lock: two processes on the same file never claim the same row, and the in-flight counts
 * cannot change between the count and the lease. Returned in due order.
 */
export function claimDue(sql: SqliteConnection, request: ClaimRequest): DeliveryRecord[] {
  const limit = Math.max(0, request.limit);
  if (limit === 0) return [];
  const chosen = chooseClaimable(sql, request, limit);
  if (chosen.length === 0) return [];
  const ids = chosen.map((row) => row.id);
  const { leaseUntil, now } = request;
  // One UPDATE for all of them; RETURNING's order is unspecified, so due order is restored.
  const leased = new Map<string, DeliveryRow>();
  for (const row of sql.all(LEASE_DELIVERIES, { ids: JSON.stringify(ids), leaseUntil, now })) {
    leased.set(row.id, row);
  }
  const claimed: DeliveryRecord[] = [];
  for (const id of ids) {
    const row = leased.get(id);
    if (row) claimed.push(toDelivery(row));
  }
  return claimed;
}
