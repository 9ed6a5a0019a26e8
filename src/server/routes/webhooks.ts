import { z } from 'zod';
import { firstAttempt } from '../../delivery/index.js';
import { rotationSchema, savedWebhookInputSchema } from '../../webhooks/schemas.js';
import type { ApiApp } from '../context.js';
import { json, route } from '../route.js';
import { idParamSchema, pageOf, pageQuerySchema, pageRequest } from '../schemas.js';
import { webhookView, webhookViewSchema } from '../views.js';

const createdSchema = webhookViewSchema.extend({
  secret: z.string().meta({ description: 'the whsec_ signing secret: shown once' }),
});
const checkSchema = z.object({
  deliveryId: z.string(),
  reachable: z.boolean(),
  ok: z.boolean(),
  status: z.number(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
});

const missing = { description: 'no such webhook (or another account’s)' };
const invalid = { description: 'invalid webhook' };
const CHECK_WAIT_MS = 20_000;

/** docs/server.md saved webhooks: create (secret shown once), read, list, update, delete, rotate, check. */
export function registerWebhookRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/webhooks',
      tags: ['webhooks'],
      summary: 'Save a webhook; its whsec_ signing secret is shown once',
      body: savedWebhookInputSchema,
      responses: {
        201: { description: 'saved', schema: createdSchema },
        400: invalid,
        409: { description: 'name taken' },
      },
    },
    async (c, { body }) => {
      const { webhook, secret } = await c.get('deps').webhooks.create(c.get('account').id, body);
      return json(c, { ...webhookView(webhook), secret }, 201);
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/webhooks',
      tags: ['webhooks'],
      summary: 'List saved webhooks',
      query: pageQuerySchema,
      responses: { 200: { description: 'a page of webhooks', schema: pageOf(webhookViewSchema) } },
    },
    async (c, { query }) => {
      const page = await c.get('deps').webhooks.list(c.get('account').id, pageRequest(query));
      return json(c, { items: page.items.map(webhookView), nextCursor: page.nextCursor ?? null });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/webhooks/{id}',
      tags: ['webhooks'],
      summary: 'Read a saved webhook (secrets are never read back)',
      params: idParamSchema,
      responses: { 200: { description: 'the webhook', schema: webhookViewSchema }, 404: missing },
    },
    async (c, { params }) =>
      json(c, webhookView(await c.get('deps').webhooks.get(c.get('account').id, params.id))),
  );

  route(
    app,
    {
      method: 'put',
      path: '/v1/webhooks/{id}',
      tags: ['webhooks'],
      summary: 'Replace a saved webhook (re-enables a disabled one)',
      params: idParamSchema,
      body: savedWebhookInputSchema,
      responses: {
        200: { description: 'saved', schema: webhookViewSchema },
        400: invalid,
        404: missing,
        409: { description: 'name taken' },
      },
    },
    async (c, { params, body }) =>
      json(
        c,
        webhookView(await c.get('deps').webhooks.update(c.get('account').id, params.id, body)),
      ),
  );

  route(
    app,
    {
      method: 'delete',
      path: '/v1/webhooks/{id}',
      tags: ['webhooks'],
      summary: 'Delete a saved webhook',
      params: idParamSchema,
      responses: { 204: { description: 'deleted' }, 404: missing },
    },
    async (c, { params }) => {
      await c.get('deps').webhooks.delete(c.get('account').id, params.id);
      return c.body(null, 204);
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/webhooks/{id}/rotate-secret',
      tags: ['webhooks'],
      summary: 'New signing secret; the previous one signs too during the overlap',
      params: idParamSchema,
      body: rotationSchema,
      optionalBody: true,
      responses: { 200: { description: 'rotated', schema: createdSchema }, 404: missing },
    },
    async (c, { params, body }) => {
      const { webhook, secret } = await c
        .get('deps')
        .webhooks.rotateSecret(c.get('account').id, params.id, body.overlapSeconds);
      return json(c, { ...webhookView(webhook), secret });
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/webhooks/{id}/check',
      tags: ['webhooks'],
      summary: 'Send a signed webhook.check event and report reachability, status and latency',
      params: idParamSchema,
      responses: {
        200: { description: 'the one attempt (never retried)', schema: checkSchema },
        404: missing,
      },
    },
    async (c, { params }) => {
      const deps = c.get('deps');
      const delivery = await deps.webhooks.enqueueCheck(c.get('account').id, params.id);
      const attempt = await firstAttempt(deps.storage.deliveries, delivery.id, CHECK_WAIT_MS);
      return json(c, {
        deliveryId: delivery.id,
        reachable: attempt !== undefined && attempt.status > 0,
        ok: attempt !== undefined && attempt.status >= 200 && attempt.status < 300,
        status: attempt?.status ?? 0,
        latencyMs: attempt?.latencyMs ?? null,
        error: attempt === undefined ? 'no attempt within 20 s' : attempt.error,
      });
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/webhooks/{id}/recover',
      tags: ['webhooks'],
      summary: 'Re-enable this webhook; send what waited for it and its failures since a time',
      params: idParamSchema,
      body: z.object({ since: z.iso.datetime({ offset: true }) }),
      responses: {
        202: { description: 'how many were queued', schema: z.object({ recovered: z.number() }) },
        404: missing,
      },
    },
    async (c, { params, body }) => {
      const since = new Date(body.since).toISOString();
      const recovered = await c.get('deps').webhooks.recover(c.get('account').id, params.id, since);
      return json(c, { recovered }, 202);
    },
  );
}
