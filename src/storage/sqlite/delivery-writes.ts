import type { DeliveryRecord } from '../ports.js';
import type { SqliteConnection } from './connection.js';

const INSERT_DELIVERY = `INSERT INTO deliveries (id, account_id, webhook_id, execution_id,
  event_type, message_id, payload, status, attempt_count, next_attempt_at, lease_until,
  created_at, updated_at)
  VALUES (@id, @accountId, @webhookId, @executionId, @eventType, @messageId, @payload,
  @status, @attemptCount, @nextAttemptAt, @leaseUntil, @createdAt, @updatedAt)`;

/**
 * Inserts a batch inside the caller's transaction (`finishExecution`, `enqueueDeliveries`):
 * a duplicate id throws, and the caller's rollback keeps the batch all-or-nothing.
 */
export function insertDeliveries(
  sql: SqliteConnection,
  deliveries: readonly DeliveryRecord[],
): void {
  for (const delivery of deliveries) sql.run(INSERT_DELIVERY, delivery);
}
