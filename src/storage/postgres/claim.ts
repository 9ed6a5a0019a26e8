import type { ClaimRequest, DeliveryRecord } from '../ports.js';
import { toDelivery, type DeliveryRow } from '../sqlite/delivery-rows.js';
import type { Query, Sql } from './db.js';
import { LOCKS } from './locks.js';

/**
 * Webhooks with a pending row, in id order: a loose index scan (one seek per webhook in
 * `deliveries_pending_by_webhook`), so a claim costs the same however large one dead
 * endpoint's backlog grows.
 */
const PENDING_WEBHOOKS: Query<{ webhook_id: string }> = {
  sql: `WITH RECURSIVE w (webhook_id) AS (
      SELECT MIN(webhook_id) FROM deliveries WHERE status = 'pending'
      UNION ALL
      SELECT (SELECT MIN(webhook_id) FROM deliveries
          WHERE status = 'pending' AND webhook_id > w.webhook_id)
        FROM w WHERE w.webhook_id IS NOT NULL
    ) SELECT webhook_id FROM w WHERE webhook_id IS NOT NULL`,
};

/**
 * Of those, the ones this claim may take from: each webhook's claim lock, tried (not
 * awaited). A webhook another process is claiming right now is skipped this time, as
 * SKIP LOCKED skips its rows; in id order, so two claims never wait on each other.
 */
const TRY_LOCK_WEBHOOKS: Query<{ webhook_id: string }> = {
  sql: `SELECT webhook_id FROM unnest($1::text[]) WITH ORDINALITY AS w (webhook_id, n)
    WHERE pg_try_advisory_xact_lock(${LOCKS.webhookClaim}, hashtext(webhook_id))
    ORDER BY n`,
};

/**
 * Live leases per locked webhook (they count against its cap). Run after the locks are
 * held, so it sees every lease committed by the claims that held them before.
 */
const IN_FLIGHT: Query<{ webhook_id: string; held: number }> = {
  sql: `SELECT webhook_id, COUNT(*)::integer AS held FROM deliveries
    WHERE webhook_id = ANY($1::text[]) AND status = 'pending'
      AND lease_until IS NOT NULL AND lease_until >= $2
    GROUP BY webhook_id`,
};

/**
 * Each webhook's first `take` claimable rows in due order, row-locked; rows another
 * transaction has locked (an attempt being recorded) are skipped, never waited for.
 */
const WEBHOOK_DUE: Query<ClaimableRow> = {
  sql: `SELECT due.* FROM unnest($1::text[], $2::integer[]) AS w (webhook_id, take)
    CROSS JOIN LATERAL (
      SELECT id, next_attempt_at, created_at FROM deliveries
      WHERE webhook_id = w.webhook_id AND status = 'pending' AND next_attempt_at <= $3
        AND (lease_until IS NULL OR lease_until < $3)
      ORDER BY next_attempt_at, created_at, id LIMIT w.take
      FOR UPDATE SKIP LOCKED
    ) AS due`,
};

const LEASE: Query<DeliveryRow> = {
  sql: `UPDATE deliveries SET lease_until = $2, updated_at = $3
    WHERE id = ANY($1::text[]) RETURNING *`,
};

interface ClaimableRow {
  id: string;
  next_attempt_at: string;
  created_at: string;
}

/** Due order: next_attempt_at, created_at, id (ASCII text, compared as COLLATE "C"). */
function byDueOrder(a: ClaimableRow, b: ClaimableRow): number {
  if (a.next_attempt_at !== b.next_attempt_at)
    return a.next_attempt_at < b.next_attempt_at ? -1 : 1;
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Leases due deliveries, inside the caller's transaction. Per webhook with pending rows,
 * under its claim lock
 * (held to the commit): count its live leases, then take its first
 * (perWebhookLimit - leases) claimable rows; then the earliest `limit` of all those. The
 * lock makes count-then-lease atomic across processes, so the cap holds for all of them
 * together; the row locks keep a row from being claimed twice. Returned in due order.
 */
export async function claimDue(tx: Sql, request: ClaimRequest): Promise<DeliveryRecord[]> {
  const limit = Math.max(0, request.limit);
  if (limit === 0) return [];
  const { now, leaseUntil } = request;
  const pending = (await tx.all(PENDING_WEBHOOKS)).map((row) => row.webhook_id);
  if (pending.length === 0) return [];
  const locked = (await tx.all(TRY_LOCK_WEBHOOKS, [pending])).map((row) => row.webhook_id);
  const held = new Map<string, number>();
  for (const row of await tx.all(IN_FLIGHT, [locked, now])) held.set(row.webhook_id, row.held);
  const takes = locked.map((id) => Math.min(limit, request.perWebhookLimit - (held.get(id) ?? 0)));
  const open = locked.filter((_, index) => (takes[index] ?? 0) > 0);
  if (open.length === 0) return [];
  const candidates = await tx.all(WEBHOOK_DUE, [open, takes.filter((take) => take > 0), now]);
  const chosen = candidates.sort(byDueOrder).slice(0, limit);
  if (chosen.length === 0) return [];
  const ids = chosen.map((row) => row.id);
  const leased = new Map<string, DeliveryRow>();
  for (const row of await tx.all(LEASE, [ids, leaseUntil, now])) leased.set(row.id, row);
  const claimed: DeliveryRecord[] = [];
  for (const id of ids) {
    const row = leased.get(id);
    if (row) claimed.push(toDelivery(row));
  }
  return claimed;
}
