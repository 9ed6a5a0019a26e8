import type {
  DeliveryAttempt,
  DeliveryFailureReason,
  DeliveryRecord,
  DeliveryState,
} from '../ports.js';

/** `deliveries` as stored. */
export interface DeliveryRow {
  id: string;
  account_id: string;
  webhook_id: string;
  execution_id: string | null;
  event_type: string;
  message_id: string;
  payload: string;
  status: DeliveryState;
  attempt_count: number;
  next_attempt_at: string | null;
  lease_until: string | null;
  failure_reason: DeliveryFailureReason | null;
  trimmed: number;
  created_at: string;
  updated_at: string;
}

/** `delivery_attempts` as stored. */
export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: string;
  status: number;
  latency_ms: number;
  error: string | null;
  remote_address: string | null;
  response_excerpt: string | null;
}

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    webhookId: row.webhook_id,
    executionId: row.execution_id,
    eventType: row.event_type,
    messageId: row.message_id,
    payload: row.payload,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    failureReason: row.failure_reason,
    trimmed: row.trimmed === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAttempt(row: AttemptRow): DeliveryAttempt {
  return {
    deliveryId: row.delivery_id,
    attempt: row.attempt,
    startedAt: row.started_at,
    status: row.status,
    latencyMs: row.latency_ms,
    error: row.error,
    remoteAddress: row.remote_address,
    responseExcerpt: row.response_excerpt,
  };
}
