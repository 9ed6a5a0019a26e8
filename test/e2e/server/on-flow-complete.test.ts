/**
 * docs/flows.md `onFlowComplete` through a real `hookline serve`: the branch runs after the main
 * path has ended and before the flow end webhook is built, so the signed `flow.completed`
 * event carries the branch's steps in `path` and its variables in `keys`; a branch with a
 * caller widget (`play`) is refused by `hookline validate` and by `POST /v1/flows`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDelivery } from '../support/receiver.js';
import { runCli } from '../support/run-cli.js';
import { killAll } from '../support/serve-process.js';
import {
  createDefaultWebhook,
  createFlow,
  deliveryWithStatus,
  ok,
  startExecution,
  startStack,
  until,
  type Stack,
} from './helpers.js';

let stack: Stack;
let secret: string;

beforeAll(async () => {
  stack = await startStack();
  ({ secret } = await createDefaultWebhook(stack.serve, stack.receiver.url('/events')));
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

/** Main path `save` → `bye` (hangup); branch `note` (store) → `link` (internal shortURL). */
const BRANCH_FLOW = {
  name: 'Order with summary',
  start: 'save',
  settings: { flowEndWebhook: true },
  widgets: {
    save: {
      type: 'store',
      config: { scope: 'flow', variables: [{ key: 'order_status', value: 'shipped' }] },
      lines: ['bye'],
    },
    bye: { type: 'hangup' },
    note: {
      type: 'store',
      config: {
        scope: 'flow',
        variables: [
          { key: 'summary', value: 'order $flow.key.order_status' },
          { key: 'branch_ran', value: 'yes' },
        ],
      },
      lines: ['link'],
    },
    link: {
      type: 'webhook',
      config: {
        mode: 'internal',
        function: 'shortURL',
        inputs: { longUrl: 'https://example.test/orders/$flow.key.order_status' },
      },
      lines: [null, null],
    },
  },
  onFlowComplete: 'note',
};

/** A flow whose onFlowComplete branch reaches a `play` widget (a caller widget). */
const PLAY_IN_BRANCH = {
  name: 'Talks after the end',
  start: 'bye',
  widgets: {
    bye: { type: 'hangup' },
    note: {
      type: 'store',
      config: { scope: 'flow', variables: [{ key: 'x', value: '1' }] },
      lines: ['say'],
    },
    say: { type: 'play', config: { text: 'Too late' } },
  },
  onFlowComplete: 'note',
};

describe('hookline serve: the onFlowComplete branch (docs/flows.md)', () => {
  it('runs after the main path and before flow.completed is built: same path, branch keys', async () => {
    const flowId = await createFlow(stack.serve, BRANCH_FLOW);
    const execution = await startExecution(stack.serve, flowId, {
      body: { from: '+15550101', to: '+15550102' },
    });
    const fullPath = ['save', 'bye', 'note', 'link'];
    expect(execution).toMatchObject({ status: 'completed', endReason: 'hangup', path: fullPath });
    expect(execution.steps.map((step: any) => [step.widgetId, step.branch])).toEqual([
      ['save', 'main'],
      ['bye', 'main'],
      ['note', 'onFlowComplete'],
      ['link', 'onFlowComplete'],
    ]);
    const shortUrl = execution.variables['$flow.key.shortUrl'] as string;
    expect(shortUrl.startsWith(`${stack.serve.url}/s/`)).toBe(true);
    expect(execution.variables).toMatchObject({
      '$flow.key.summary': 'order shipped',
      '$flow.key.branch_ran': 'yes',
      '$flow.key.response_status': 'SUCCESS',
      '$flow.key.link.response_status': 'SUCCESS',
    });

    const request = await until('the flow.completed request', () =>
      stack.receiver.received('/events').find((item) => item.body.includes(execution.id as string)),
    );
    const event = verifyDelivery(secret, request);
    expect(event.type).toBe('flow.completed');
    expect(event.data).toMatchObject({
      executionId: execution.id,
      flowId,
      status: 'completed',
      endReason: 'hangup',
      path: fullPath,
    });
    const keys = new Map<string, unknown>(
      (event.data.keys as Array<{ name: string; value: unknown }>).map((key) => [
        key.name,
        key.value,
      ]),
    );
    // Set only by the branch: the event was built after the branch had run.
    expect(keys.get('$flow.key.summary')).toBe('order shipped');
    expect(keys.get('$flow.key.branch_ran')).toBe('yes');
    expect(keys.get('$flow.key.shortUrl')).toBe(shortUrl);
    expect(keys.get('$flow.key.order_status')).toBe('shipped');
    // Exactly one event for the execution, and the stored execution agrees on the path.
    await deliveryWithStatus(stack.serve, execution.id as string, 'succeeded');
    expect(
      stack.receiver.received('/events').filter((item) => item.body.includes(execution.id)),
    ).toHaveLength(1);
    const stored = await ok(stack.serve.api('GET', `/v1/executions/${execution.id as string}`));
    expect(stored).toMatchObject({ status: 'completed', endReason: 'hangup', path: fullPath });

    // The branch's short link is live on this server.
    const redirect = await fetch(shortUrl, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://example.test/orders/shipped');
  });

  it('hookline validate refuses a play widget in the branch, naming widgets.<id>', async () => {
    const result = await runCli(['validate'], { flow: PLAY_IN_BRANCH });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('widgets.say');
    expect(result.stderr).toMatch(/onFlowComplete/);
    expect(result.stderr).toMatch(/invalid \(1 error\)/);
  });

  it('POST /v1/flows answers 400 with widgets.<id> in details and stores nothing', async () => {
    const before = await ok(stack.serve.api('GET', '/v1/flows?limit=200'));
    const refused = await stack.serve.api('POST', '/v1/flows', { body: PLAY_IN_BRANCH });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INVALID_REQUEST');
    const errors = (refused.body.error.details as any[]).filter(
      (detail) => detail.severity === 'error',
    );
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'widgets.say',
        message: expect.stringContaining('onFlowComplete'),
      }),
    ]);
    const after = await ok(stack.serve.api('GET', '/v1/flows?limit=200'));
    expect(after.items).toEqual(before.items);
  });
});
