import { keepPersistedVariables, type Variables } from '../../flow/index.js';
import type { AttemptResult, DeliveryRecord, RecordedAttempt } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';

const INSERT_DELIVERY = `INSERT INTO deliveries (id, account_id, webhook_id, execution_id,
  event_type, message_id, payload, status, attempt_count, next_attempt_at, lease_until,
  failure_reason, trimmed, created_at, updated_at)
  VALUES (@id, @accountId, @webhookId, @executionId, @eventType, @messageId, @payload,
  @status, @attemptCount, @nextAttemptAt, @leaseUntil, @failureReason, @trimmed, @createdAt,
  @updatedAt)`;

/**
 * Inserts a batch inside the caller's transaction (`finishExecution`, `enqueueDeliveries`):
 * a duplicate id throws, and the caller's rollback keeps the batch all-or-nothing.
 */
export function insertDeliveries(
  sql: SqliteConnection,
  deliveries: readonly DeliveryRecord[],
): void {
  for (const delivery of deliveries) {
    sql.run(INSERT_DELIVERY, { ...delivery, trimmed: delivery.trimmed ? 1 : 0 });
  }
}

const INSERT_ATTEMPT = `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, status,
  latency_ms, error, remote_address, response_excerpt)
  VALUES (@deliveryId, @attempt, @startedAt, @status, @latencyMs, @error, @remoteAddress,
  @responseExcerpt)`;
export const AFTER_ATTEMPT: Query<{ webhook_id: string; execution_id: string | null }> = {
  sql: `UPDATE deliveries SET status = @status,
    attempt_count = MAX(attempt_count, @attempt), next_attempt_at = @nextAttemptAt,
    lease_until = NULL, updated_at = @startedAt WHERE id = @deliveryId
    RETURNING webhook_id, execution_id`,
};
// Conditional, so an endpoint that keeps succeeding (or keeps failing) is not rewritten.
const ENDPOINT_SUCCEEDED = `UPDATE webhooks SET failing_since = NULL
  WHERE id = ? AND failing_since IS NOT NULL`;
const ENDPOINT_FAILED = `UPDATE webhooks SET failing_since = ?
  WHERE id = ? AND failing_since IS NULL`;
const ENDPOINT_STATE: Query<{ failing_since: string | null; disabled_at: string | null }> = {
  sql: 'SELECT failing_since, disabled_at FROM webhooks WHERE id = ?',
};

/**
 * Stores one attempt inside the caller's transaction: the attempt, the delivery's new state
 * (lease released), the endpoint's run of failures, and the execution's privacy purge once
 * nothing of it is left to deliver (`DeliveryStore.recordAttempt`).
 */
export function writeAttempt(sql: SqliteConnection, result: AttemptResult): RecordedAttempt {
  const { attempt, status, nextAttemptAt, endpoint } = result;
  // Refused (foreign key) when the delivery does not exist, before anything else is written.
  sql.run(INSERT_ATTEMPT, attempt);
  const row = sql.get(AFTER_ATTEMPT, { ...attempt, status, nextAttemptAt });
  if (row === undefined) throw new Error(`no delivery ${attempt.deliveryId}`);
  if (status !== 'pending' && row.execution_id !== null) purgeWhenSettled(sql, row.execution_id);
  if (endpoint === undefined) return {};
  if (endpoint.succeeded) {
    sql.run(ENDPOINT_SUCCEEDED, row.webhook_id);
    return {};
  }
  sql.run(ENDPOINT_FAILED, endpoint.at, row.webhook_id);
  const webhook = sql.get(ENDPOINT_STATE, row.webhook_id);
  if (webhook?.failing_since == null) return {};
  return {
    failingEndpoint: { failingSince: webhook.failing_since, disabledAt: webhook.disabled_at },
  };
}

export const FAIL_PENDING: Query<{ execution_id: string | null }> = {
  sql: `UPDATE deliveries INDEXED BY deliveries_pending_by_webhook SET status = 'failed',
    next_attempt_at = NULL, lease_until = NULL, updated_at = ?
    WHERE webhook_id = ? AND status = 'pending' RETURNING execution_id`,
};

/** Fails a disabled webhook's pending deliveries and purges what that settles; the count. */
export function failPendingDeliveries(
  sql: SqliteConnection,
  webhookId: string,
  at: string,
): number {
  const rows = sql.all(FAIL_PENDING, at, webhookId);
  const executions = new Set<string>();
  for (const { execution_id: id } of rows) if (id !== null) executions.add(id);
  for (const executionId of executions) purgeWhenSettled(sql, executionId);
  return rows.length;
}

// The purge commits with the delivery state that allows it: not yet purged, and nothing
// pending. The variables to keep were stored with the end (migration 0005) ...
export const PURGE_SETTLED = `UPDATE executions SET variables = purged_variables,
    purged_variables = NULL, variables_purged = 1
  WHERE id = @executionId AND variables_purged = 0 AND purged_variables IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM deliveries
      WHERE execution_id = @executionId AND status = 'pending')`;
// ... or, for an execution ended without them (before 0005), are computed here.
export const SELECT_SETTLED: Query<{ variables: string; persisted: string }> = {
  sql: `SELECT variables, persisted FROM executions WHERE id = @executionId
    AND variables_purged = 0 AND NOT EXISTS (SELECT 1 FROM deliveries
      WHERE execution_id = @executionId AND status = 'pending')`,
};
const WRITE_PURGED = 'UPDATE executions SET variables = ?, variables_purged = 1 WHERE id = ?';

/**
 * docs/webhook-widget.md privacy by default: once no delivery of the execution is pending any more (its
 * flow end webhook delivered or failed for good), only the persisted flow variables stay.
 */
function purgeWhenSettled(sql: SqliteConnection, executionId: string): void {
  if (sql.run(PURGE_SETTLED, { executionId }) > 0) return;
  const row = sql.get(SELECT_SETTLED, { executionId });
  if (row === undefined) return;
  const kept = keepPersistedVariables(
    JSON.parse(row.variables) as Variables,
    JSON.parse(row.persisted) as string[],
  );
  sql.run(WRITE_PURGED, JSON.stringify(kept), executionId);
}
