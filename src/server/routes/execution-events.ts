import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { HooklineError } from '../../errors/index.js';
import type { ApiApp, ApiEnv } from '../context.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';
import { idParamSchema } from '../schemas.js';

/** Events read from the store at a time. */
const BATCH = 100;
/** Longest wait for new events before looking at the store again (other processes log too). */
const POLL_MS = 1000;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_POLLS = 15;

/** docs/server.md "Live executions": an execution's events as Server-Sent Events. */
export function registerExecutionEventRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/executions/{id}/events',
      tags: ['executions'],
      summary:
        'Stream the execution’s events (text/event-stream); Last-Event-ID resumes; ends after `end`',
      params: idParamSchema,
      responses: {
        200: { description: 'text/event-stream: `id` = seq, `event` = type, `data` = the event' },
        400: { description: 'Last-Event-ID is not a sequence number' },
        404: { description: 'not found (or another account’s)' },
      },
    },
    async (c, { params }) => {
      const after = lastEventId(c);
      const record = await c
        .get('deps')
        .storage.executions.getExecution(c.get('account').id, params.id);
      if (!record) throw notFound('execution');
      return streamSSE(c, (stream) => follow(c, stream, record.id, after));
    },
  );
}

function lastEventId(c: Context<ApiEnv>): number {
  const given = c.req.header('last-event-id') ?? c.req.query('lastEventId');
  if (given === undefined || given === '') return 0;
  if (!/^\d{1,15}$/.test(given)) {
    throw new HooklineError('INVALID_REQUEST', 'Last-Event-ID must be an event’s sequence number');
  }
  return Number(given);
}

/** Sends the log after `after`, then new events as they are stored, until `end` or the client goes. */
async function follow(
  c: Context<ApiEnv>,
  stream: SSEStreamingApi,
  executionId: string,
  after: number,
): Promise<void> {
  const deps = c.get('deps');
  const gone = new AbortController();
  stream.onAbort(() => {
    gone.abort();
  });
  c.req.raw.signal.addEventListener(
    'abort',
    () => {
      gone.abort();
    },
    { once: true },
  );
  let seq = after;
  let idle = 0;
  let ended = false;
  while (!gone.signal.aborted) {
    const events = await deps.storage.executions.listExecutionEvents(executionId, seq, BATCH);
    for (const event of events) {
      await stream.writeSSE({
        id: String(event.seq),
        event: event.type,
        data: JSON.stringify(event),
      });
      seq = event.seq;
      if (event.type === 'end') return;
    }
    if (events.length === BATCH) continue;
    if (events.length === 0) {
      // Ended, and nothing after `seq` even in a look made after the end was seen (the end is
      // logged before it is stored): its `end` was sent before this stream resumed, or it
      // ended before event logs existed. Nothing more will come.
      if (ended) return;
      ended = await hasEnded(c, executionId);
      if (ended) continue;
    }
    await deps.executions.events.next(executionId, POLL_MS, gone.signal);
    idle = events.length > 0 ? 0 : idle + 1;
    if (idle % HEARTBEAT_POLLS === HEARTBEAT_POLLS - 1) await stream.write(': keep-alive\n\n');
  }
}

async function hasEnded(c: Context<ApiEnv>, executionId: string): Promise<boolean> {
  const record = await c
    .get('deps')
    .storage.executions.getExecution(c.get('account').id, executionId);
  return record === undefined || record.status === 'completed' || record.status === 'failed';
}
