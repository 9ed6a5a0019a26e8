/**
 * A `?wait=true` call must leave nothing behind once it is answered: no timer of the wait
 * limit (it kept every ended execution in memory for two minutes) and no waiter.
 */
import { createHook, type AsyncHook } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

const flow = {
  name: 'Quick',
  start: 'save',
  widgets: {
    save: {
      type: 'store',
      config: { variables: [{ key: 'greeting', value: 'Hi $flow.key.name' }] },
      lines: ['bye'],
    },
    bye: { type: 'hangup' },
  },
};

/** Longer than any poll or sleep of the server: only the wait limit's timer (120 s) is this long. */
const LONG_MS = 10_000;

/** Timers longer than LONG_MS created while it is on and not yet cleared or fired. */
function watchLongTimers(): { live(): Promise<number>; stop(): void } {
  const live = new Set<number>();
  const hook: AsyncHook = createHook({
    init(id, type, _trigger, resource) {
      const ms = (resource as { _idleTimeout?: number })._idleTimeout ?? 0;
      if (type === 'Timeout' && ms > LONG_MS) live.add(id);
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return {
    live: async () => {
      // Node reports destroyed timers a turn later.
      await nextTurn();
      await nextTurn();
      return live.size;
    },
    stop: () => hook.disable(),
  };
}

let h: ApiHarness;
let flowId: string;
let triggerPath: string;
beforeAll(async () => {
  // No retention sweeper: its once-a-minute timer belongs to the server, not to a request.
  h = await startHarness({ HOOKLINE_RETENTION_DAYS: '0', HOOKLINE_RETENTION_MAX_EXECUTIONS: '0' });
  flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
  const made = await h.call('POST', `/v1/flows/${flowId}/trigger-url`);
  triggerPath = new URL(made.body.url as string).pathname;
});
afterAll(async () => {
  await h.close();
});

describe('?wait=true leaves nothing behind', () => {
  it('the executions route: no timer, no waiter once answered', async () => {
    const timers = watchLongTimers();
    try {
      const answer = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
        body: { variables: { name: 'Ada' } },
      });
      expect(answer.body).toMatchObject({ status: 'completed', endReason: 'hangup' });
      expect(await timers.live()).toBe(0);
      expect(h.core.executions.pendingWaiters).toBe(0);
    } finally {
      timers.stop();
    }
  });

  it('trigger URLs: no timer, no waiter once answered, over many calls', async () => {
    const timers = watchLongTimers();
    try {
      for (let call = 0; call < 20; call += 1) {
        const answer = await h.call('POST', `${triggerPath}?wait=true`, {
          body: { name: `caller ${call}` },
          key: null,
        });
        expect(answer.body).toMatchObject({ status: 'completed' });
      }
      expect(await timers.live()).toBe(0);
      expect(h.core.executions.pendingWaiters).toBe(0);
    } finally {
      timers.stop();
    }
  });

  it('calls without ?wait=true leave no waiter once their executions have ended', async () => {
    const ids: string[] = [];
    for (let call = 0; call < 5; call += 1) {
      const answer = await h.call('POST', triggerPath, { body: {}, key: null });
      ids.push(answer.body.id as string);
    }
    for (const id of ids) {
      let read = await h.call('GET', `/v1/executions/${id}`);
      for (let poll = 0; poll < 250 && read.body.status !== 'completed'; poll += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        read = await h.call('GET', `/v1/executions/${id}`);
      }
      expect(read.body.status).toBe('completed');
    }
    expect(h.core.executions.pendingWaiters).toBe(0);
  });

  it('an end that cannot be stored: answered at once as it is, no waiter left', async () => {
    const { executions } = h.storage;
    const finish = executions.finishExecution.bind(executions);
    executions.finishExecution = () => Promise.reject(new Error('disk full'));
    try {
      const answer = await h.call('POST', `${triggerPath}?wait=true`, { body: {}, key: null });
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('running');
      expect(h.core.executions.pendingWaiters).toBe(0);
    } finally {
      executions.finishExecution = finish;
    }
  });
});
