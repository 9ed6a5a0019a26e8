import { z } from 'zod';
import type { DeliveryRecord, Storage } from '../../storage/ports.js';
import type { ApiApp } from '../context.js';
import { notFound } from '../errors.js';
import { json, route } from '../route.js';
import { idParamSchema, pageOf, pageQuerySchema, pageRequest } from '../schemas.js';
import { deliveryView, deliveryViewSchema } from '../views.js';

async function withAttempts(storage: Storage, delivery: DeliveryRecord) {
  return deliveryView(delivery, await storage.deliveries.listAttempts(delivery.id));
}

const missing = { description: 'no such delivery (or another account’s)' };

/** docs/server.md deliveries: list, read with attempts, resend. */
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
      const { storage, webhooks } = c.get('deps');
      const delivery = await webhooks.resend(c.get('account').id, params.id);
      return json(c, await withAttempts(storage, delivery), 202);
    },
  );
}
