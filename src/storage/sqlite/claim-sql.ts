import type { Query } from './connection.js';
import type { DeliveryRow } from './delivery-rows.js';

/*
 * The claim's statements (src/storage/sqlite/claim.ts), apart so the SQLite tests can check
 * their query plans. Each reads a partial index whose WHERE it repeats, and names it with
 * INDEXED BY: without ANALYZE statistics SQLite prefers `deliveries_due` (an equality on
 * `status`), which reads every pending row; the named indexes read only the rows returned.
 * A claim costs a few index seeks per webhook with pending rows, whatever the backlog.
 */

/** Live leases per webhook (they count against its cap); leased rows are few. */
export const SELECT_IN_FLIGHT: Query<{ webhook_id: string; held: number }> = {
  sql: `SELECT webhook_id, COUNT(*) AS held FROM deliveries INDEXED BY deliveries_leased
    WHERE lease_until IS NOT NULL AND lease_until >= ? AND status = 'pending'
    GROUP BY webhook_id`,
};

/** The smallest webhook id with a pending row: where the walk over webhooks starts. */
export const FIRST_PENDING_WEBHOOK: Query<{ webhook_id: string | null }> = {
  sql: `SELECT MIN(webhook_id) AS webhook_id
    FROM deliveries INDEXED BY deliveries_pending_by_webhook WHERE status = 'pending'`,
};

/** The next webhook id after `?` with a pending row (one index seek; NULL at the end). */
export const NEXT_PENDING_WEBHOOK: Query<{ webhook_id: string | null }> = {
  sql: `SELECT MIN(webhook_id) AS webhook_id
    FROM deliveries INDEXED BY deliveries_pending_by_webhook
    WHERE status = 'pending' AND webhook_id > ?`,
};

/** One claimable row of a webhook: its id and due-order key. */
export interface ClaimableRow {
  id: string;
  next_attempt_at: string;
  created_at: string;
}

/**
 * A webhook's claimable rows (due, no live lease) in due order, up to `@take`: the index
 * yields them already ordered, and only rows leased right now are stepped over.
 */
export const SELECT_WEBHOOK_DUE: Query<ClaimableRow> = {
  sql: `SELECT id, next_attempt_at, created_at
    FROM deliveries INDEXED BY deliveries_pending_by_webhook
    WHERE webhook_id = @webhookId AND status = 'pending' AND next_attempt_at <= @now
      AND (lease_until IS NULL OR lease_until < @now)
    ORDER BY next_attempt_at, created_at, id LIMIT @take`,
};

/**
 * Leases every chosen row (`@ids`, a JSON array) and returns them whole, in one statement;
 * RETURNING's order is unspecified, so the caller puts them back in due order.
 */
export const LEASE_DELIVERIES: Query<DeliveryRow> = {
  sql: `UPDATE deliveries SET lease_until = @leaseUntil, updated_at = @now
    WHERE id IN (SELECT value FROM json_each(@ids)) RETURNING *`,
};
