import type { Account, ExecutionRecord, Storage } from '../storage/ports.js';
import type { Clock } from '../engine/index.js';
import type { GoOn } from './live.js';
import type { LiveRuns } from './live-runs.js';
import type { StartedExecution } from './execution-types.js';

/** What a hangup needs of the execution service. */
export interface HangupHost {
  storage: Pick<Storage, 'executions' | 'accounts'>;
  clock: Clock;
  live: LiveRuns;
  awaitEnd(executionId: string): Promise<ExecutionRecord | undefined>;
  goOn(record: ExecutionRecord, goOn: GoOn): Promise<StartedExecution | undefined>;
  execute(record: ExecutionRecord, account: Account | undefined): Promise<void>;
}

/**
 * The caller hung up (docs/server.md "Live executions"): the execution ends `callerHangup` and
 * onFlowComplete runs, whatever its state. Running here: the widget running is cancelled.
 * Running in another process: a hangup request is stored, which that process notices within
 * about a second (`requested`). Waiting: it goes on hung up. Queued: it runs at once, hung up
 * from its start. Undefined when it ended, or its state changed meanwhile (read it again).
 */
export async function hangupExecution(
  host: HangupHost,
  record: ExecutionRecord,
): Promise<StartedExecution | 'requested' | undefined> {
  const here = host.live.hangupHere(record.id);
  if (record.status === 'running' && here !== undefined) {
    const ended = host.awaitEnd(record.id);
    here();
    return { record, ended };
  }
  if (record.status === 'running') {
    return (await host.live.requestHangup(record.id)) ? 'requested' : undefined;
  }
  if (record.status === 'queued') return hangupQueued(host, record);
  if (record.status !== 'waiting' || !record.waiting) return undefined;
  return host.goOn(record, { waiting: record.waiting, hangup: true });
}

/** Queued: taken as if to start (no other start runs it), and run hung up from its start. */
async function hangupQueued(
  host: HangupHost,
  record: ExecutionRecord,
): Promise<StartedExecution | undefined> {
  const { storage, clock } = host;
  const now = clock.now().toISOString();
  // A scheduled one not due yet is taken too: its start is its due time.
  const startTime =
    record.scheduledFor !== null && record.scheduledFor > now ? record.scheduledFor : now;
  if (!(await storage.executions.markExecutionRunning(record.id, startTime))) return undefined;
  host.live.goneAtStart(record.id);
  const account = await storage.accounts.getAccount(record.accountId);
  // Awaited here, not queued for a run slot: the caller is gone now, so it ends now.
  await host.execute({ ...record, status: 'running', startTime }, account);
  const ended = (await storage.executions.getExecution(record.accountId, record.id)) ?? record;
  return { record: ended, ended: Promise.resolve(ended) };
}
