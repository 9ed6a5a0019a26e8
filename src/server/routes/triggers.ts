import { z } from 'zod';
import { hashToken } from '../../accounts/index.js';
import { wantsWait } from '../../executions/execution-service.js';
import type { ApiApp } from '../context.js';
import { readText } from '../body-limit.js';
import { newFlowToken } from '../flow-tokens.js';
import { notFound, type ErrorHooks } from '../errors.js';
import { json, route } from '../route.js';
import { idParamSchema } from '../schemas.js';
import { handleTrigger, TRIGGER_PATH } from '../trigger-handler.js';

/** docs/server.md trigger URLs: an unguessable, revocable URL that starts an execution (no API key). */
export function registerTriggerRoutes(app: ApiApp, hooks: ErrorHooks = {}): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/flows/{id}/trigger-url',
      tags: ['triggers'],
      summary: 'Make a trigger URL for the flow (the token is shown once)',
      params: idParamSchema,
      responses: {
        201: { description: 'the URL', schema: z.object({ url: z.string() }) },
        404: { description: 'no such flow' },
      },
    },
    async (c, { params }) => {
      const token = await newFlowToken(c, params.id, hashToken);
      return json(c, { url: `${c.get('deps').publicUrl()}${TRIGGER_PATH}${token}` }, 201);
    },
  );

  route(
    app,
    {
      method: 'delete',
      path: '/v1/flows/{id}/trigger-url',
      tags: ['triggers'],
      summary: 'Revoke every trigger URL of the flow',
      params: idParamSchema,
      responses: {
        200: { description: 'how many were revoked', schema: z.object({ revoked: z.number() }) },
        404: { description: 'no such flow' },
      },
    },
    async (c, { params }) => {
      const { storage, clock } = c.get('deps');
      const accountId = c.get('account').id;
      if (!(await storage.flows.getFlow(accountId, params.id))) throw notFound('flow');
      const revoked = await storage.triggers.revokeTriggers(
        accountId,
        params.id,
        clock.now().toISOString(),
      );
      return json(c, { revoked });
    },
  );

  // Outside /v1: the URL's token is the credential (no API key). `hookline serve` answers
  // this route from `createTriggerListener` without the fetch adapter; both hand the call to
  // `handleTrigger`.
  app.post(`${TRIGGER_PATH}:token`, async (c) => {
    const call = {
      token: c.req.param('token'),
      contentType: c.req.header('content-type') ?? '',
      wait: wantsWait(c.req.query('wait')),
      declaredBytes: Number(c.req.header('content-length') ?? 0),
      readBody: (limit: number) => readText(c.req.raw.body, limit),
    };
    const reply = await handleTrigger(c.get('deps'), call, hooks);
    const headers = reply.closeConnection ? { connection: 'close' } : undefined;
    return c.body(JSON.stringify(reply.body), reply.status, {
      'content-type': 'application/json',
      ...headers,
    });
  });
}
