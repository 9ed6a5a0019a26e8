import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../app/system-clock.js';
import { execution, ACCOUNT_A } from '../storage/contract/fixtures.js';
import { createMemoryStorage } from '../storage/memory/index.js';
import type { ExecutionRecord } from '../storage/ports.js';
import { LiveRuns } from './live-runs.js';

const storage = createMemoryStorage();
const { executions } = storage;
let live: LiveRuns | undefined;
afterEach(() => live?.stop());

const errors: unknown[] = [];
function liveRuns(): LiveRuns {
  live = new LiveRuns(executions, systemClock, (error) => errors.push(error), 10);
  return live;
}

async function running(id: string): Promise<ExecutionRecord> {
  const record = execution(id, ACCOUNT_A, { status: 'running' });
  await executions.createExecution(record);
  return record;
}

const types = async (id: string) =>
  (await executions.listExecutionEvents(id, 0, 100)).map((event) => event.type);

describe('LiveRuns', () => {
  it('hangs up a run here when another process stored a hangup for it', async () => {
    await running('ex_poll');
    const run = liveRuns().open('ex_poll', []);
    expect(run.callerGone.aborted).toBe(false);
    expect(await executions.requestHangup('ex_poll', new Date().toISOString())).toBe(true);
    await new Promise<void>((resolve) => {
      run.callerGone.addEventListener('abort', () => {
        resolve();
      });
    });
    run.release();
    await run.close([{ type: 'end', at: new Date().toISOString() }]);
    expect(await types('ex_poll')).toEqual(['hangup', 'end']);
    expect(errors).toEqual([]);
  });

  it('stores events as they come, before the run closes, and wakes streams', async () => {
    await running('ex_events');
    const runs = liveRuns();
    const run = runs.open('ex_events', []);
    const woken = runs.events.next('ex_events', 5000, new AbortController().signal);
    run.observer.onEvent?.({ type: 'play', text: 'Hello' });
    await woken;
    expect(await types('ex_events')).toEqual(['play']);
    run.release();
    await run.close();
  });

  it('starts a run hung up when asked to (a queued execution the caller left)', async () => {
    await running('ex_gone');
    const runs = liveRuns();
    runs.goneAtStart('ex_gone');
    const run = runs.open('ex_gone', []);
    expect(run.callerGone.aborted).toBe(true);
    expect(runs.hangupHere('ex_gone')).toBeUndefined();
    run.release();
    await run.close();
    expect(await types('ex_gone')).toEqual(['hangup']);
  });

  it('after a wait, applies a hangup requested while it ran', async () => {
    const record = await running('ex_wait');
    await executions.requestHangup('ex_wait', new Date().toISOString());
    const waiting = { ...record, status: 'waiting' as const };
    await executions.waitExecution(waiting);
    const hungUp = await new Promise<ExecutionRecord>((resolve) => {
      liveRuns().afterWait(waiting, (stopped) => {
        resolve(stopped);
        return Promise.resolve();
      });
    });
    expect(hungUp.id).toBe('ex_wait');
  });
});
