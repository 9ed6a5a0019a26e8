import { toPage } from '../common/cursor.js';
import type { DeliveryStore } from '../ports.js';
import {
  toAttempt,
  toDelivery,
  type AttemptRow,
  type DeliveryRow,
} from '../sqlite/delivery-rows.js';
import { keysetParams, keysetQuery } from '../sqlite/keyset.js';
import { claimDue } from './claim.js';
import type { Db, Query } from './db.js';
import {
  failPendingDeliveries,
  insertDeliveries,
  recordAttemptAtOnce,
  writeAttempt,
} from './delivery-writes.js';

const SELECT_DELIVERY: Query<DeliveryRow> = {
  sql: 'SELECT * FROM deliveries WHERE id = $1 AND account_id = $2',
};
const SELECT_DELIVERIES: Query<DeliveryRow> = { sql: 'SELECT * FROM deliveries' };
const SELECT_ATTEMPTS: Query<AttemptRow> = {
  sql: 'SELECT * FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt, seq',
};
const REQUEUE_SET = `UPDATE deliveries SET status = 'pending', next_attempt_at = @now,
  lease_until = NULL, updated_at = @now`;
const REQUEUE = `${REQUEUE_SET} WHERE id = @deliveryId AND account_id = @accountId
  AND status IN ('failed', 'succeeded') AND failure_reason IS NULL`;
const RECOVER = `${REQUEUE_SET} WHERE webhook_id = @webhookId AND account_id = @accountId
  AND status = 'failed' AND created_at >= @since AND failure_reason IS NULL`;
const RELEASE_WAITING = `UPDATE deliveries SET next_attempt_at = $1, updated_at = $1
  WHERE webhook_id = $2 AND status = 'pending' AND next_attempt_at IS NULL`;
const COUNT_PENDING: Query<{ count: number }> = {
  sql: `SELECT COUNT(*)::integer AS count FROM deliveries WHERE status = 'pending'`,
};
/**
 * Unleased rows are claimable when due; leased ones when the lease has also run out. The
 * first read is one seek in `deliveries_due`; leased rows are few (`deliveries_leased`).
 */
const NEXT_DUE: Query<{ due: string | null }> = {
  sql: `SELECT LEAST(
      (SELECT MIN(next_attempt_at) FROM deliveries
        WHERE status = 'pending' AND lease_until IS NULL),
      (SELECT MIN(GREATEST(next_attempt_at, lease_until)) FROM deliveries
        WHERE status = 'pending' AND lease_until IS NOT NULL AND next_attempt_at IS NOT NULL)
    ) AS due`,
};

/** Deliveries and their attempts in PostgreSQL. */
export function createPostgresDeliveries(db: Db): DeliveryStore {
  // Attempts being recorded by this process. A claim waits for them to settle first, so it
  // sees the leases they release (the dispatcher claims for a freed slot before awaiting
  // the record); other processes' records are seen once committed.
  const recording = new Set<Promise<unknown>>();

  return {
    claimDueDeliveries: async (request) => {
      if (recording.size > 0) await Promise.allSettled(recording);
      return db.transaction((tx) => claimDue(tx, request));
    },

    recordAttempt: (result) => {
      const recorded = recordAttemptAtOnce(db, result).then(
        (done) => done ?? db.transaction((tx) => writeAttempt(tx, result)),
      );
      recording.add(recorded);
      const forget = () => recording.delete(recorded);
      recorded.then(forget, forget);
      return recorded;
    },

    getDelivery: async (accountId, deliveryId) => {
      const row = await db.get(SELECT_DELIVERY, [deliveryId, accountId]);
      return row && toDelivery(row);
    },

    listAttempts: async (deliveryId) =>
      (await db.all(SELECT_ATTEMPTS, [deliveryId])).map(toAttempt),

    listDeliveries: async (accountId, filter, page) => {
      const { size, params } = keysetParams(page);
      const conditions = ['account_id = @accountId'];
      if (filter.executionId !== undefined) conditions.push('execution_id = @executionId');
      if (filter.status !== undefined) conditions.push('status = @status');
      if (filter.webhookId !== undefined) conditions.push('webhook_id = @webhookId');
      const query = keysetQuery(SELECT_DELIVERIES, conditions, 'desc', page);
      const rows = await db.all(query, { ...params, ...filter, accountId });
      return toPage(rows.map(toDelivery), size);
    },

    enqueueDeliveries: (deliveries) => db.transaction((tx) => insertDeliveries(tx, deliveries)),

    requeueDelivery: async (accountId, deliveryId, now) =>
      (await db.run(REQUEUE, { accountId, deliveryId, now })) > 0,

    recoverFailedDeliveries: (accountId, webhookId, since, now) =>
      db.run(RECOVER, { accountId, webhookId, since, now }),

    failPendingDeliveries: (webhookId, at) =>
      db.transaction((tx) => failPendingDeliveries(tx, webhookId, at)),

    releaseWaitingDeliveries: (webhookId, now) => db.run(RELEASE_WAITING, [now, webhookId]),

    countPendingDeliveries: async () => (await db.get(COUNT_PENDING))?.count ?? 0,

    nextDueTime: async () => (await db.get(NEXT_DUE))?.due ?? undefined,
  };
}
