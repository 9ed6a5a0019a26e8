import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import { hashToken } from '../../accounts/index.js';
import { VARIABLE_NAME } from '../../flow/index.js';
import { endedWithin, wantsWait } from '../../executions/execution-service.js';
import type { ApiApp, ApiEnv } from '../context.js';
import { HooklineError, notFound } from '../errors.js';
import { json, route } from '../route.js';
import { idParamSchema } from '../schemas.js';
import { executionView, inputVariables } from '../views.js';

const TRIGGER_PATH = '/t/';

/** The inbound body's fields (JSON object or form) as `$flow.key.*`; other names are ignored. */
async function bodyFields(context: Context<ApiEnv>): Promise<Record<string, unknown>> {
  const type = (context.req.header('content-type') ?? '').toLowerCase();
  const text = await context.req.text();
  if (text.trim() === '') return {};
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HooklineError('INVALID_REQUEST', 'send a JSON object or a form body');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HooklineError('INVALID_REQUEST', 'the body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** The fields whose names are NAMEs (others are ignored), as `$flow.key.*`. */
function flowVariables(fields: Record<string, unknown>) {
  return inputVariables(
    Object.fromEntries(Object.entries(fields).filter(([name]) => VARIABLE_NAME.test(name))),
  );
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** SPEC §6 trigger URLs: an unguessable, revocable URL that starts an execution (no API key). */
export function registerTriggerRoutes(app: ApiApp): void {
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
      const { storage, clock, publicUrl } = c.get('deps');
      const accountId = c.get('account').id;
      if (!(await storage.flows.getFlow(accountId, params.id))) throw notFound('flow');
      const token = randomBytes(32).toString('base64url');
      await storage.triggers.saveTrigger({
        tokenHash: hashToken(token),
        accountId,
        flowId: params.id,
        createdAt: clock.now().toISOString(),
        revokedAt: null,
      });
      return json(c, { url: `${publicUrl()}${TRIGGER_PATH}${token}` }, 201);
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

  // Outside /v1: the URL's token is the credential (no API key).
  app.post(`${TRIGGER_PATH}:token`, async (c) => {
    const deps = c.get('deps');
    const trigger = await deps.storage.triggers.findTrigger(hashToken(c.req.param('token')));
    const account = trigger && (await deps.storage.accounts.getAccount(trigger.accountId));
    const flow = trigger && (await deps.storage.flows.getFlow(trigger.accountId, trigger.flowId));
    if (!trigger || !account || !flow) throw notFound('trigger');
    const fields = await bodyFields(c);
    const from = text(fields['from']);
    const to = text(fields['to']);
    const started = await deps.executions.start(account, flow, {
      direction: 'api',
      variables: flowVariables(fields),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    if (!wantsWait(c.req.query('wait'))) return c.json({ id: started.record.id }, 202);
    const ended = await endedWithin(started, deps.maxWaitMs);
    const view = executionView(ended ?? started.record);
    return c.json(
      { id: view.id, status: view.status, endReason: view.endReason, variables: view.variables },
      200,
    );
  });
}
