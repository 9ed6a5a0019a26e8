/** Turning an event into a delivery row, ready for the outbox (docs/server.md, docs/architecture.md). */
import type { DeliveryFailureReason, DeliveryRecord } from '../storage/ports.js';
import type { WebhookEvent } from './events.js';
import { fitPayload } from './fit-payload.js';
import { newMessageId } from './payload.js';

export interface NewDeliveryInput {
  /** The delivery's id (ids are the caller's: the composition root owns id generation). */
  id: string;
  accountId: string;
  /** The endpoint; null when the account has none for this event. */
  webhook: { id: string; disabledAt: string | null } | null;
  executionId?: string | null;
  event: WebhookEvent;
  now: Date;
  /** When the first attempt is due; default `now` (docs/server.md: immediately). */
  firstAttemptAt?: Date;
  /** Default: a new random `msg_...` id. */
  messageId?: string;
  /** Where a trimmed `flow.completed` says the whole execution can be read. */
  executionUrl?: string;
}

/**
 * The delivery of `event` to one saved webhook: the payload encoded once (every attempt
 * sends these exact bytes) and a `webhook-id` fixed for its whole life. Store it in the same
 * transaction as the state change that caused it (`finishExecution`, `enqueueDeliveries`).
 * Every event is recorded (docs/server.md, deliveries): a disabled webhook's delivery waits
 * (pending, `nextAttemptAt` null) until it is re-enabled; one that can never be sent is
 * recorded failed with its `failureReason` (no webhook; over 256 KB even trimmed).
 */
export function newDelivery(input: NewDeliveryInput): DeliveryRecord {
  const fitted = fitPayload(input.event, input.executionUrl);
  const failureReason: DeliveryFailureReason | null = !fitted.ok
    ? 'PAYLOAD_TOO_LARGE'
    : input.webhook === null
      ? 'NO_WEBHOOK'
      : null;
  const now = input.now.toISOString();
  const waits = input.webhook?.disabledAt != null;
  return {
    id: input.id,
    accountId: input.accountId,
    webhookId: input.webhook?.id ?? '',
    executionId: input.executionId ?? null,
    eventType: input.event.type,
    messageId: input.messageId ?? newMessageId(),
    // Never sent: the type, the time and the size the event had.
    payload: fitted.ok
      ? fitted.payload
      : JSON.stringify({ ...input.event, data: null, payloadBytes: fitted.bytes }),
    status: failureReason === null ? 'pending' : 'failed',
    attemptCount: 0,
    nextAttemptAt:
      failureReason !== null || waits ? null : (input.firstAttemptAt ?? input.now).toISOString(),
    leaseUntil: null,
    failureReason,
    trimmed: fitted.ok && fitted.trimmed,
    createdAt: now,
    updatedAt: now,
  };
}
