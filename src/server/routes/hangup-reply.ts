import { z } from 'zod';
import type { Context } from 'hono';
import type { StartedExecution } from '../../executions/execution-service.js';
import type { ExecutionRecord } from '../../storage/ports.js';
import type { ApiEnv } from '../context.js';
import { notFound } from '../errors.js';
import { json } from '../route.js';
import { executionViewSchema } from '../schemas.js';
import { executionView } from '../views.js';

/** docs/server.md "Live executions": the answer for a run in another process. */
export const hangupRequestedSchema = z.object({
  id: z.string(),
  status: z.literal('hangupRequested'),
});

export const hangupAccepted = {
  description:
    'accepted: it goes on hung up in the background; for one running in another process, `{id, status: "hangupRequested"}` (that process ends it within about a second)',
  schema: z.union([executionViewSchema, hangupRequestedSchema]),
};

/** How often a `?wait=true` hangup of a run elsewhere looks at the store. */
const RECHECK_MS = 250;
/** Tries when the state changes between the read and the hangup (it started, or waited). */
const TRIES = 3;

/** Hangs up on the execution, reading it again when its state changed meanwhile. */
export async function hangupExecution(
  c: Context<ApiEnv>,
  id: string,
): Promise<StartedExecution | 'requested' | undefined> {
  const deps = c.get('deps');
  for (let tries = 1; ; tries++) {
    const record = await deps.storage.executions.getExecution(c.get('account').id, id);
    if (!record) throw notFound('execution');
    const going = await deps.executions.hangup(record);
    if (going !== undefined || tries === TRIES || hasEnded(record)) return going;
  }
}

/** 202 `hangupRequested`; with `?wait=true` the execution once it ended (200), if in time. */
export async function hangupRequested(
  c: Context<ApiEnv>,
  id: string,
  wait: boolean,
): Promise<Response> {
  const deps = c.get('deps');
  const until = Date.now() + (wait ? deps.maxWaitMs : 0);
  const signal = c.req.raw.signal;
  while (Date.now() < until && !signal.aborted) {
    await deps.executions.events.next(id, Math.min(RECHECK_MS, until - Date.now()), signal);
    const now = await deps.storage.executions.getExecution(c.get('account').id, id);
    if (now && hasEnded(now)) return json(c, executionView(now), 200);
  }
  return json(c, { id, status: 'hangupRequested' }, 202);
}

function hasEnded(record: ExecutionRecord): boolean {
  return record.status === 'completed' || record.status === 'failed';
}
