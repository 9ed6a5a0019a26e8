import { z } from 'zod';
import type { DeliveryAttempt, DeliveryRecord } from '../../storage/ports.js';

const attemptSchema = z.object({
  attempt: z.number(),
  startedAt: z.string(),
  status: z.number(),
  latencyMs: z.number(),
  error: z.string().nullable(),
  remoteAddress: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
});
export const deliveryViewSchema = z.object({
  id: z.string(),
  webhookId: z.string().nullable().meta({ description: 'null when there was no webhook' }),
  executionId: z.string().nullable(),
  eventType: z.string(),
  webhookMessageId: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attemptCount: z.number(),
  nextAttemptAt: z.string().nullable().meta({
    description: 'null on a pending delivery waiting for its disabled webhook',
  }),
  failureReason: z.enum(['NO_WEBHOOK', 'PAYLOAD_TOO_LARGE']).nullable().meta({
    description: 'why a delivery recorded failed could never be sent (never resent)',
  }),
  trimmed: z.boolean().meta({
    description: 'the largest keys of the flow.completed payload were shortened to fit 256 KB',
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
  payload: z.unknown(),
  attempts: z.array(attemptSchema),
});

/** A delivery with its attempts as the API shows it. */
export function deliveryView(delivery: DeliveryRecord, attempts: readonly DeliveryAttempt[]) {
  return {
    id: delivery.id,
    webhookId: delivery.webhookId === '' ? null : delivery.webhookId,
    executionId: delivery.executionId,
    eventType: delivery.eventType,
    webhookMessageId: delivery.messageId,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    nextAttemptAt: delivery.nextAttemptAt,
    failureReason: delivery.failureReason,
    trimmed: delivery.trimmed,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
    payload: JSON.parse(delivery.payload) as unknown,
    attempts: attempts.map(({ deliveryId: _id, ...attempt }) => attempt),
  };
}
