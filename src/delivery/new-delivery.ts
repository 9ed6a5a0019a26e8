/** Turning an event into a delivery row, ready for the outbox (SPEC §4, DESIGN §2). */
import type { DeliveryRecord } from '../storage/ports.js';
import type { WebhookEvent } from './events.js';
import { encodePayload, newMessageId } from './payload.js';

export interface NewDeliveryInput {
  /** The delivery's id (ids are the caller's: the composition root owns id generation). */
  id: string;
  accountId: string;
  webhookId: string;
  executionId?: string | null;
  event: WebhookEvent;
  now: Date;
  /** When the first attempt is due; default `now` (SPEC §4: immediately). */
  firstAttemptAt?: Date;
  /** Default: a new random `msg_...` id. */
  messageId?: string;
}

export type NewDeliveryResult =
  { ok: true; delivery: DeliveryRecord } | { ok: false; message: string };

/**
 * A pending delivery of `event` to one saved webhook: the payload encoded once (every attempt
 * sends these exact bytes) and a `webhook-id` fixed for its whole life. Store it in the same
 * transaction as the state change that caused it (`finishExecution`, `enqueueDeliveries`).
 * A payload over 256 KB is refused here, with SPEC §4's clear error.
 */
export function newDelivery(input: NewDeliveryInput): NewDeliveryResult {
  const encoded = encodePayload(input.event);
  if (!encoded.ok) return encoded;
  const now = input.now.toISOString();
  return {
    ok: true,
    delivery: {
      id: input.id,
      accountId: input.accountId,
      webhookId: input.webhookId,
      executionId: input.executionId ?? null,
      eventType: input.event.type,
      messageId: input.messageId ?? newMessageId(),
      payload: encoded.payload,
      status: 'pending',
      attemptCount: 0,
      nextAttemptAt: (input.firstAttemptAt ?? input.now).toISOString(),
      leaseUntil: null,
      createdAt: now,
      updatedAt: now,
    },
  };
}
