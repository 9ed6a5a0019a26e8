import { z } from 'zod';
import type { DeliveryAttempt, DeliveryRecord, Storage } from '../../storage/ports.js';
import type { ApiApp } from '../context.js';
import { HooklineError, notFound } from '../errors.js';
import { json, route } from '../route.js';
import { idParamSchema, pageOf, pageQuerySchema, pageRequest } from '../schemas.js';

const attemptSchema = z.object({
  attempt: z.number(),
  startedAt: z.string(),
  status: z.number(),
  latencyMs: z.number(),
  error: z.string().nullable(),
  remoteAddress: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
});
const deliveryViewSchema = z.object({
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

function deliveryView(delivery: DeliveryRecord, attempts: readonly DeliveryAttempt[]) {
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

async function withAttempts(storage: Storage, delivery: DeliveryRecord) {
  return deliveryView(delivery, await storage.deliveries.listAttempts(delivery.id));
}

const missing = { description: 'no such delivery (or another account’s)' };

/** SPEC §4/§6 deliveries: list, read with attempts, resend; recover an endpoint's failures. */
export function registerDeliveryRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/deliveries',
      tags: ['deliveries'],
      summary: 'List deliveries with their attempts, newest first',
      query: pageQuerySchema.extend({
        executionId: z.string().max(100).optional(),
        webhookId: z.string().max(100).optional(),
        status: z.enum(['pending', 'succeeded', 'failed']).optional(),
      }),
      responses: {
        200: { description: 'a page of deliveries', schema: pageOf(deliveryViewSchema) },
      },
    },
    async (c, { query }) => {
      const { storage } = c.get('deps');
      const filter = {
        ...(query.executionId === undefined ? {} : { executionId: query.executionId }),
        ...(query.webhookId === undefined ? {} : { webhookId: query.webhookId }),
        ...(query.status === undefined ? {} : { status: query.status }),
      };
      const page = await storage.deliveries.listDeliveries(
        c.get('account').id,
        filter,
        pageRequest(query),
      );
      const items = await Promise.all(
        page.items.map((delivery) => withAttempts(storage, delivery)),
      );
      return json(c, { items, nextCursor: page.nextCursor ?? null });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/deliveries/{id}',
      tags: ['deliveries'],
      summary: 'Read a delivery with every attempt',
      params: idParamSchema,
      responses: { 200: { description: 'the delivery', schema: deliveryViewSchema }, 404: missing },
    },
    async (c, { params }) => {
      const { storage } = c.get('deps');
      const delivery = await storage.deliveries.getDelivery(c.get('account').id, params.id);
      if (!delivery) throw notFound('delivery');
      return json(c, await withAttempts(storage, delivery));
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/deliveries/{id}/resend',
      tags: ['deliveries'],
      summary: 'Send a delivery again (same webhook-id), now',
      params: idParamSchema,
      responses: {
        202: { description: 'queued again', schema: deliveryViewSchema },
        404: missing,
        409: { description: 'already pending, or never sendable (failureReason)' },
      },
    },
    async (c, { params }) => {
      const deps = c.get('deps');
      const { storage, clock } = deps;
      const accountId = c.get('account').id;
      const found = await storage.deliveries.getDelivery(accountId, params.id);
      if (!found) throw notFound('delivery');
      if (found.failureReason !== null) {
        throw new HooklineError(
          'CONFLICT',
          `this delivery can never be sent (${found.failureReason})`,
        );
      }
      if (
        !(await storage.deliveries.requeueDelivery(accountId, params.id, clock.now().toISOString()))
      ) {
        throw new HooklineError('CONFLICT', 'this delivery is already pending');
      }
      deps.wakeDispatcher();
      const delivery = await storage.deliveries.getDelivery(accountId, params.id);
      if (!delivery) throw notFound('delivery');
      return json(c, await withAttempts(storage, delivery), 202);
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/webhooks/{id}/recover',
      tags: ['deliveries'],
      summary: 'Re-enable this webhook; send what waited for it and its failures since a time',
      params: idParamSchema,
      body: z.object({ since: z.iso.datetime({ offset: true }) }),
      responses: {
        202: { description: 'how many were queued', schema: z.object({ recovered: z.number() }) },
        404: { description: 'no such webhook' },
      },
    },
    async (c, { params, body }) => {
      const since = new Date(body.since).toISOString();
      const recovered = await c.get('deps').webhooks.recover(c.get('account').id, params.id, since);
      return json(c, { recovered }, 202);
    },
  );
}
