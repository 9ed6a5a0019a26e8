import { z } from 'zod';
import { HooklineError } from '../../errors/index.js';
import {
  endedWithin,
  wantsWait,
  type StartedExecution,
} from '../../executions/execution-service.js';
import type { ExecutionRecord } from '../../storage/ports.js';
import type { Context } from 'hono';
import type { ApiApp, ApiEnv } from '../context.js';
import { notFound } from '../errors.js';
import { json, route } from '../route.js';
import { executionViewSchema, idParamSchema } from '../schemas.js';
import { executionView } from '../views.js';
import { hangupAccepted, hangupExecution, hangupRequested } from './hangup-reply.js';

/** docs/server.md "Live executions": what a caller can send is bounded. */
const inputBodySchema = z
  .object({
    digits: z
      .string()
      .regex(/^[0-9*#]{1,64}$/, { error: 'digits are 1-64 of 0-9, * and #' })
      .optional(),
    text: z.string().min(1).max(1024).optional(),
  })
  .refine((body) => (body.digits === undefined) !== (body.text === undefined), {
    error: 'give digits or text (one of them)',
  });

const waitQuerySchema = z.object({ wait: z.enum(['true', 'false', '1', '0']).optional() });

const answered = {
  200: {
    description: 'with ?wait=true: the execution once it stopped again',
    schema: executionViewSchema,
  },
  202: { description: 'accepted: it goes on in the background', schema: executionViewSchema },
  404: { description: 'not found (or another account’s)' },
  409: {
    description: 'the execution is not waiting, or another answer was applied',
  },
} as const;

/** Interactive executions: answer the input widget one waits at, or hang up on it. */
export function registerLiveExecutionRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/executions/{id}/input',
      tags: ['executions'],
      summary: 'Answer the input widget a waiting execution asks (digits or text)',
      params: idParamSchema,
      query: waitQuerySchema,
      body: inputBodySchema,
      responses: { ...answered, 400: { description: 'invalid input' } },
    },
    async (c, { params, query, body }) => {
      const record = await waitingExecution(c, params.id);
      const given = body.digits === undefined ? { text: body.text ?? '' } : { digits: body.digits };
      const going = await c.get('deps').executions.answer(record, given);
      return reply(c, going, wantsWait(query.wait));
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/executions/{id}/hangup',
      tags: ['executions'],
      summary:
        'The caller hung up: the execution (queued, running or waiting) ends callerHangup and runs onFlowComplete',
      params: idParamSchema,
      query: waitQuerySchema,
      responses: {
        ...answered,
        202: hangupAccepted,
        409: { description: 'the execution has ended' },
      },
    },
    async (c, { params, query }) => {
      const going = await hangupExecution(c, params.id);
      if (going === 'requested') return hangupRequested(c, params.id, wantsWait(query.wait));
      return reply(c, going, wantsWait(query.wait));
    },
  );
}

async function readExecution(c: Context<ApiEnv>, id: string): Promise<ExecutionRecord> {
  const record = await c.get('deps').storage.executions.getExecution(c.get('account').id, id);
  if (!record) throw notFound('execution');
  return record;
}

async function waitingExecution(c: Context<ApiEnv>, id: string): Promise<ExecutionRecord> {
  const record = await readExecution(c, id);
  if (record.status !== 'waiting') throw notWaiting(record);
  return record;
}

function notWaiting(record: ExecutionRecord): HooklineError {
  return new HooklineError('CONFLICT', `the execution is ${record.status}, not waiting`);
}

async function reply(
  c: Context<ApiEnv>,
  going: StartedExecution | undefined,
  wait: boolean,
): Promise<Response> {
  // Another answer (or the timeout, or a hangup) was applied first, or (a hangup) it ended.
  if (going === undefined) {
    throw new HooklineError('CONFLICT', 'the execution is not waiting, or it has ended');
  }
  if (!wait) return json(c, executionView(going.record), 202);
  const deps = c.get('deps');
  const stopped = await endedWithin(going, deps.maxWaitMs);
  const view =
    stopped ?? (await deps.storage.executions.getExecution(c.get('account').id, going.record.id));
  return json(c, executionView(view ?? going.record), 200);
}
