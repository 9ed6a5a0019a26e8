import type { ClaimRequest, DeliveryRecord } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { toDelivery, type DeliveryRow } from './delivery-rows.js';

/**
 * The due deliveries a claim may take: each webhook's due rows are ranked in due order and
 * only the first (perWebhookLimit - live leases) of them qualify, so a dead endpoint's
 * backlog never fills the claim and never exceeds its cap across calls (SPEC §4); the
 * survivors are taken in due order up to the limit. Only ids: payloads are read for the
 * chosen rows alone.
 */
const SELECT_CLAIMABLE: Query<{ id: string }> = {
  sql: `WITH in_flight AS (
      SELECT webhook_id, COUNT(*) AS held FROM deliveries
      WHERE lease_until >= @now AND status = 'pending'
      GROUP BY webhook_id
    ),
    due AS (
      SELECT id, webhook_id, next_attempt_at, created_at,
        ROW_NUMBER() OVER (
          PARTITION BY webhook_id ORDER BY next_attempt_at, created_at, id
        ) AS position
      FROM deliveries
      WHERE status = 'pending' AND next_attempt_at <= @now
        AND (lease_until IS NULL OR lease_until < @now)
    )
    SELECT due.id FROM due LEFT JOIN in_flight USING (webhook_id)
    WHERE due.position + COALESCE(in_flight.held, 0) <= @perWebhookLimit
    ORDER BY due.next_attempt_at, due.created_at, due.id
    LIMIT @limit`,
};
const LEASE = 'UPDATE deliveries SET lease_until = ?, updated_at = ? WHERE id = ?';
const SELECT_DELIVERY: Query<DeliveryRow> = { sql: 'SELECT * FROM deliveries WHERE id = ?' };

/**
 * Leases due deliveries in ONE `BEGIN IMMEDIATE` transaction: the selection and the lease
 * happen under the database write lock, so two processes on the same file never claim the
 * same row, and the in-flight counts cannot change between the count and the lease.
 */
export function claimDue(sql: SqliteConnection, request: ClaimRequest): DeliveryRecord[] {
  return sql.write(() => {
    const chosen = sql.all(SELECT_CLAIMABLE, {
      now: request.now,
      perWebhookLimit: request.perWebhookLimit,
      limit: Math.max(0, request.limit),
    });
    const claimed: DeliveryRecord[] = [];
    for (const { id } of chosen) {
      sql.run(LEASE, request.leaseUntil, request.now, id);
      const row = sql.get(SELECT_DELIVERY, id);
      if (row) claimed.push(toDelivery(row));
    }
    return claimed;
  });
}
