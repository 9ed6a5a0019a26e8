import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInProcessQueue } from '../queue/index.js';
import { InProcessSignalHub } from '../signals/index.js';
import { execution } from '../storage/contract/fixtures.js';
import type { ExecutionRecord } from '../storage/ports.js';
import { EventNotifier } from '../executions/event-log.js';
import { createScaleOutWiring, type CoreParts } from './scale-out-wiring.js';
import { systemClock } from './system-clock.js';
import { silentLog } from './testing/silent-log.js';

/** A wiring as in scale-out mode (a shared queue), on an in-process signal hub. */
function wiring(
  rows: Map<string, ExecutionRecord>,
  hub: InProcessSignalHub,
  events = new EventNotifier(),
  caches?: Parameters<typeof createScaleOutWiring>[0]['caches'],
) {
  const storage = {
    executions: { getExecution: (_account: string, id: string) => Promise.resolve(rows.get(id)) },
    deliveries: {},
  } as unknown as Parameters<typeof createScaleOutWiring>[0]['storage'];
  const made = createScaleOutWiring({
    queue: { ...createInProcessQueue(), shared: true },
    signals: hub.connect(),
    storage,
    clock: systemClock,
    log: silentLog,
    maxWaitMs: 120_000,
    consume: false,
    concurrency: 1,
    caches,
  });
  made.start({
    executions: { events, wakeTimeouts: () => undefined },
    dispatcher: undefined,
    scheduler: { wake: () => undefined },
    claims: undefined,
  } as unknown as CoreParts);
  return made;
}

describe('scale-out wiring: ?wait=true for a queued execution', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is answered by a stop in this very process (it claimed and ran the execution itself)', async () => {
    // No timer runs: only the stop answers, not the store's periodic re-read.
    vi.useFakeTimers();
    const rows = new Map<string, ExecutionRecord>();
    const here = wiring(rows, new InProcessSignalHub());
    const queued = execution('exec_1', 'acct_a', { status: 'queued' });
    rows.set(queued.id, queued);
    let answer: ExecutionRecord | undefined;
    void here.awaitEnd?.(queued).then((record) => (answer = record));
    await vi.advanceTimersByTimeAsync(0);
    expect(answer).toBeUndefined();
    const ended = { ...queued, status: 'completed' as const, endReason: 'hangup' };
    rows.set(queued.id, ended);
    // A publish never reaches its own process.
    here.onStopped(ended);
    await vi.advanceTimersByTimeAsync(0);
    expect(answer).toMatchObject({ id: 'exec_1', status: 'completed' });
  });

  it("is answered by another process's stop signal", async () => {
    vi.useFakeTimers();
    const rows = new Map<string, ExecutionRecord>();
    const hub = new InProcessSignalHub();
    const api = wiring(rows, hub);
    const worker = wiring(rows, hub);
    const queued = execution('exec_2', 'acct_a', { status: 'queued' });
    rows.set(queued.id, queued);
    let answer: ExecutionRecord | undefined;
    void api.awaitEnd?.(queued).then((record) => (answer = record));
    await vi.advanceTimersByTimeAsync(0);
    const ended = { ...queued, status: 'completed' as const, endReason: 'hangup' };
    rows.set(queued.id, ended);
    worker.onStopped(ended);
    await vi.advanceTimersByTimeAsync(0);
    expect(answer).toMatchObject({ id: 'exec_2', status: 'completed' });
  });

  it("wakes another process's event stream, one signal per execution per turn, only while it streams", async () => {
    vi.useFakeTimers();
    const hub = new InProcessSignalHub();
    const rows = new Map<string, ExecutionRecord>();
    const apiEvents = new EventNotifier();
    const workerEvents = new EventNotifier();
    wiring(rows, hub, apiEvents);
    wiring(rows, hub, workerEvents);
    const woken = vi.spyOn(apiEvents, 'notifyHere');
    const never = new AbortController().signal;
    // Nobody streams it on the API process: no signal reaches it.
    workerEvents.notify('exec_3');
    await vi.advanceTimersByTimeAsync(0);
    expect(woken).not.toHaveBeenCalled();
    // A stream begins: once subscribed, it reads again (the wake-up of the watch in place).
    await Promise.all([apiEvents.next('exec_3', 60_000, never), vi.advanceTimersByTimeAsync(0)]);
    expect(woken).toHaveBeenCalledTimes(1);
    // Waits again after its read: three batches stored in one turn wake it once.
    const next = apiEvents.next('exec_3', 60_000, never);
    workerEvents.notify('exec_3');
    workerEvents.notify('exec_3');
    workerEvents.notify('exec_3');
    await vi.advanceTimersByTimeAsync(0);
    await next;
    expect(woken).toHaveBeenCalledTimes(2);
    // The stream is gone: a while later the API process hears nothing of it any more.
    await vi.advanceTimersByTimeAsync(5000);
    workerEvents.notify('exec_3');
    await vi.advanceTimersByTimeAsync(0);
    expect(woken).toHaveBeenCalledTimes(2);
    expect(apiEvents.size).toBe(0);
  });
});

describe('scale-out wiring: the row caches', () => {
  it('drop what a cache.stale signal names, and everything when signals may have been missed', () => {
    const hub = new InProcessSignalHub();
    const drop = vi.fn();
    const dropAll = vi.fn();
    wiring(new Map(), hub, new EventNotifier(), { drop, dropAll });
    const other = hub.connect();
    other.publish({ type: 'cache.stale', accountId: 'acct_a', flowId: 'flow_1' });
    expect(drop).toHaveBeenCalledWith({
      type: 'cache.stale',
      accountId: 'acct_a',
      flowId: 'flow_1',
    });
    expect(dropAll).not.toHaveBeenCalled();
    other.publish({ type: 'signals.missed' });
    expect(dropAll).toHaveBeenCalledTimes(1);
  });
});
