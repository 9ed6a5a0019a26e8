import { z } from 'zod';
import { endedWithin, wantsWait } from '../../executions/execution-service.js';
import type { ApiApp } from '../context.js';
import { notFound } from '../errors.js';
import { json, route } from '../route.js';
import {
  executionViewSchema,
  idParamSchema,
  pageOf,
  pageQuerySchema,
  pageRequest,
  eventLogEntrySchema,
  EXECUTION_STATUSES,
  startExecutionSchema,
} from '../schemas.js';
import { inputVariables } from '../input-variables.js';
import { executionView } from '../views.js';
import { registerExecutionEventRoutes } from './execution-events.js';
import { registerLiveExecutionRoutes } from './live-executions.js';

const waitQuerySchema = z.object({
  wait: z.enum(['true', 'false', '1', '0']).optional(),
});

const listQuerySchema = pageQuerySchema.extend({
  flowId: z.string().max(100).optional(),
  status: z.enum(EXECUTION_STATUSES).optional(),
});

/** More events than an execution can make (steps are capped at 1,000 per branch). */
const EVENT_LOG_LIMIT = 10_000;

const missing = { description: 'not found (or another account’s)' };

/** docs/server.md executions: start (optionally waiting for the end), read, list newest first. */
export function registerExecutionRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/flows/{id}/executions',
      tags: ['executions'],
      summary:
        'Start an execution of the flow’s latest version; ?wait=true answers when it has ended',
      params: idParamSchema,
      query: waitQuerySchema,
      body: startExecutionSchema,
      optionalBody: true,
      responses: {
        201: { description: 'started (with ?wait=true: ended)', schema: executionViewSchema },
        400: { description: 'invalid input' },
        404: missing,
      },
    },
    async (c, { params, query, body }) => {
      const deps = c.get('deps');
      const account = c.get('account');
      const flow = await deps.storage.flows.getFlow(account.id, params.id);
      if (!flow) throw notFound('flow');
      const started = await deps.executions.start(account, flow, {
        direction: 'api',
        variables: inputVariables(body.variables),
        ...(body.from === undefined ? {} : { from: body.from }),
        ...(body.to === undefined ? {} : { to: body.to }),
      });
      if (!wantsWait(query.wait)) return json(c, executionView(started.record), 201);
      const ended = await endedWithin(started, deps.maxWaitMs);
      const view =
        ended ?? (await deps.storage.executions.getExecution(account.id, started.record.id));
      return json(c, executionView(view ?? started.record), 201);
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/executions/{id}',
      tags: ['executions'],
      summary: 'Read an execution',
      params: idParamSchema,
      responses: {
        200: {
          description: 'the execution, with its numbered event log',
          schema: executionViewSchema.extend({ eventLog: z.array(eventLogEntrySchema) }),
        },
        404: missing,
      },
    },
    async (c, { params }) => {
      const record = await c
        .get('deps')
        .storage.executions.getExecution(c.get('account').id, params.id);
      if (!record) throw notFound('execution');
      const eventLog = await c
        .get('deps')
        .storage.executions.listExecutionEvents(record.id, 0, EVENT_LOG_LIMIT);
      return json(c, { ...executionView(record), eventLog });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/executions',
      tags: ['executions'],
      summary: 'List executions, newest first',
      query: listQuerySchema,
      responses: {
        200: { description: 'a page of executions', schema: pageOf(executionViewSchema) },
      },
    },
    async (c, { query }) => {
      const filter = {
        ...(query.flowId === undefined ? {} : { flowId: query.flowId }),
        ...(query.status === undefined ? {} : { status: query.status }),
      };
      const page = await c
        .get('deps')
        .storage.executions.listExecutions(c.get('account').id, filter, pageRequest(query));
      return json(c, { items: page.items.map(executionView), nextCursor: page.nextCursor ?? null });
    },
  );

  registerLiveExecutionRoutes(app);
  registerExecutionEventRoutes(app);
}
