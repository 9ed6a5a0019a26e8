import { toPage } from '../common/cursor.js';
import type { DeliveryStore } from '../ports.js';
import { claimDue } from './claim.js';
import type { Query, SqliteConnection } from './connection.js';
import { toAttempt, toDelivery, type AttemptRow, type DeliveryRow } from './delivery-rows.js';
import { failPendingDeliveries, insertDeliveries, writeAttempt } from './delivery-writes.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { settleBatchedSql, settleSql } from './settle-sql.js';

const SELECT_DELIVERY: Query<DeliveryRow> = {
  sql: 'SELECT * FROM deliveries WHERE id = ? AND account_id = ?',
};
const SELECT_DELIVERIES: Query<DeliveryRow> = { sql: 'SELECT * FROM deliveries' };
const SELECT_ATTEMPTS: Query<AttemptRow> = {
  sql: 'SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt, seq',
};
const REQUEUE_SET = `UPDATE deliveries SET status = 'pending', next_attempt_at = @now,
  lease_until = NULL, updated_at = @now`;
const REQUEUE = `${REQUEUE_SET} WHERE id = @deliveryId AND account_id = @accountId
  AND status IN ('failed', 'succeeded') AND failure_reason IS NULL`;
const RECOVER = `${REQUEUE_SET} WHERE webhook_id = @webhookId AND account_id = @accountId
  AND status = 'failed' AND created_at >= @since AND failure_reason IS NULL`;
const RELEASE_WAITING = `UPDATE deliveries INDEXED BY deliveries_pending_by_webhook
  SET next_attempt_at = @now, updated_at = @now
  WHERE webhook_id = @webhookId AND status = 'pending' AND next_attempt_at IS NULL`;
const COUNT_PENDING: Query<{ count: number }> = {
  sql: `SELECT COUNT(*) AS count FROM deliveries WHERE status = 'pending'`,
};
/**
 * Unleased rows are claimable when due; leased ones when the lease has also run out. The
 * leased branch names `deliveries_leased` (few rows): left to itself, without ANALYZE
 * statistics, SQLite reads every pending row through `deliveries_due` instead.
 */
export const NEXT_DUE: Query<{ due: string | null }> = {
  sql: `SELECT MIN(due) AS due FROM (
      SELECT MIN(next_attempt_at) AS due FROM deliveries
      WHERE status = 'pending' AND lease_until IS NULL
      UNION ALL
      SELECT MIN(MAX(next_attempt_at, lease_until)) FROM deliveries INDEXED BY deliveries_leased
      WHERE lease_until IS NOT NULL AND status = 'pending'
    )`,
};

/** Deliveries and their attempts in SQLite. */
export function createSqliteDeliveries(sql: SqliteConnection): DeliveryStore {
  return {
    // Attempts that end in the same event-loop turn share one commit (with the executions
    // that end in it), and so does the claim the dispatcher makes for the slots they free,
    // after them.
    claimDueDeliveries: (request) => settleBatchedSql(sql, () => claimDue(sql, request), 'last'),

    recordAttempt: (result) => settleBatchedSql(sql, () => writeAttempt(sql, result)),

    getDelivery: (accountId, deliveryId) =>
      settleSql(() => {
        const row = sql.get(SELECT_DELIVERY, deliveryId, accountId);
        return row && toDelivery(row);
      }),

    listAttempts: (deliveryId) =>
      settleSql(() => sql.all(SELECT_ATTEMPTS, deliveryId).map(toAttempt)),

    listDeliveries: (accountId, filter, page) =>
      settleSql(() => {
        const { size, params } = keysetParams(page);
        const conditions = ['account_id = @accountId'];
        if (filter.executionId !== undefined) conditions.push('execution_id = @executionId');
        if (filter.status !== undefined) conditions.push('status = @status');
        if (filter.webhookId !== undefined) conditions.push('webhook_id = @webhookId');
        const query = keysetQuery(SELECT_DELIVERIES, conditions, 'desc', page);
        const rows = sql.all(query, { ...params, ...filter, accountId });
        return toPage(rows.map(toDelivery), size);
      }),

    enqueueDeliveries: (deliveries) =>
      settleSql(() => {
        sql.write(() => {
          insertDeliveries(sql, deliveries);
        });
      }),

    requeueDelivery: (accountId, deliveryId, now) =>
      settleSql(() => sql.run(REQUEUE, { accountId, deliveryId, now }) > 0),

    recoverFailedDeliveries: (accountId, webhookId, since, now) =>
      settleSql(() => sql.run(RECOVER, { accountId, webhookId, since, now })),

    failPendingDeliveries: (webhookId, at) =>
      settleSql(() => sql.write(() => failPendingDeliveries(sql, webhookId, at))),

    releaseWaitingDeliveries: (webhookId, now) =>
      settleSql(() => sql.run(RELEASE_WAITING, { webhookId, now })),

    countPendingDeliveries: () => settleSql(() => sql.get(COUNT_PENDING)?.count ?? 0),

    nextDueTime: () => settleSql(() => sql.get(NEXT_DUE)?.due ?? undefined),
  };
}
