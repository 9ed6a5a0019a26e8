import { describe, expect, it } from 'vitest';
import { execution } from '../storage/contract/fixtures.js';
import type { ExecutionRecord } from '../storage/ports.js';
import { StoppedElsewhere } from './stopped-elsewhere.js';

describe('StoppedElsewhere', () => {
  it('answers every waiter of an execution with the stored record once it stopped', async () => {
    const rows = new Map<string, ExecutionRecord>();
    const waiters = new StoppedElsewhere((_account, id) => Promise.resolve(rows.get(id)), 10_000);
    const running = execution('exec_1', 'acct_a', { status: 'running' });
    rows.set('exec_1', running);
    const first = waiters.wait(running);
    const second = waiters.wait(running);
    // A signal that finds it still running (a stale one) answers nobody.
    await waiters.stopped('acct_a', 'exec_1');
    expect(waiters.size).toBe(1);
    rows.set('exec_1', { ...running, status: 'completed', endReason: 'hangup' });
    await waiters.stopped('acct_a', 'exec_1');
    expect((await first)?.status).toBe('completed');
    expect((await second)?.endReason).toBe('hangup');
    expect(waiters.size).toBe(0);
  });

  it('gives a waiter nobody signals up after its limit, leaving none behind', async () => {
    const waiters = new StoppedElsewhere(() => Promise.resolve(undefined), 30);
    const started = Date.now();
    expect(await waiters.wait({ id: 'exec_2', accountId: 'acct_a' })).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(waiters.size).toBe(0);
  });

  it('reads the store again when no signal comes (Redis down)', async () => {
    const rows = new Map<string, ExecutionRecord>();
    const waiters = new StoppedElsewhere((_account, id) => Promise.resolve(rows.get(id)), 10_000, {
      recheckMs: 20,
    });
    const running = execution('exec_3', 'acct_a', { status: 'running' });
    rows.set('exec_3', running);
    const ended = waiters.wait(running);
    rows.set('exec_3', { ...running, status: 'failed', endReason: 'INTERRUPTED' });
    expect((await ended)?.endReason).toBe('INTERRUPTED');
    expect(waiters.size).toBe(0);
  });

  it('watches the execution while someone waits, and reads the store once the watch is in place', async () => {
    const rows = new Map<string, ExecutionRecord>();
    let reads = 0;
    const watches: Array<{ id: string; ended: number; ready: () => void }> = [];
    const waiters = new StoppedElsewhere(
      (_account, id) => {
        reads += 1;
        return Promise.resolve(rows.get(id));
      },
      10_000,
      {
        recheckMs: 60_000,
        watch: (id) => {
          let ready = (): void => undefined;
          const watch = {
            id,
            ended: 0,
            ready: () => {
              ready();
            },
          };
          watches.push(watch);
          return {
            ready: new Promise<void>((resolve) => (ready = resolve)),
            end: () => (watch.ended += 1),
          };
        },
      },
    );
    const queued = execution('exec_4', 'acct_a', { status: 'queued' });
    rows.set('exec_4', queued);
    const first = waiters.wait(queued);
    const second = waiters.wait(queued);
    // One watch for both; no read before it is in place (a stop signalled then would be lost).
    expect(watches).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBe(0);
    // Stopped before the subscription was acknowledged: the read after it finds the stop.
    rows.set('exec_4', { ...queued, status: 'completed', endReason: 'hangup' });
    watches[0]?.ready();
    expect((await first)?.status).toBe('completed');
    expect((await second)?.status).toBe('completed');
    expect(watches[0]?.ended).toBe(1);
    expect(waiters.size).toBe(0);
  });
});
