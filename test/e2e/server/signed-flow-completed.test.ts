import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerOf, verifyDelivery, webhookIdOf } from '../support/receiver.js';
import { killAll } from '../support/serve-process.js';
import {
  createDefaultWebhook,
  createFlow,
  deliveryWithStatus,
  ok,
  startExecution,
  startStack,
  storingFlow,
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

/** Runs the flow once and returns the execution and its verified flow.completed event. */
async function runAndReceive(flowId: string) {
  const execution = await startExecution(stack.serve, flowId, {
    body: { from: '+15550001', to: '+15550002', variables: { order: 'A-1' } },
  });
  const request = await until('the flow.completed request', () =>
    stack.receiver.received('/events').find((item) => item.body.includes(execution.id as string)),
  );
  return { execution, request, event: verifyDelivery(secret, request) };
}

describe('hookline serve: the signed flow.completed event (docs/server.md)', () => {
  it('is received, verified by standardwebhooks, with every docs/server.md field', async () => {
    const flowId = await createFlow(stack.serve, storingFlow());
    const { execution, request, event } = await runAndReceive(flowId);
    expect(execution).toMatchObject({ status: 'completed', endReason: 'hangup' });
    expect(request.method).toBe('POST');
    expect(headerOf(request, 'content-type')).toMatch(/^application\/json/);
    expect(headerOf(request, 'webhook-signature')).toMatch(/^v1,[A-Za-z0-9+/=]+$/);

    expect(Object.keys(event).sort()).toEqual(['data', 'timestamp', 'type']);
    expect(event.type).toBe('flow.completed');
    expect(event.timestamp).toBe(execution.endTime);
    expect(Object.keys(event.data).sort()).toEqual(
      [
        'accountId',
        'callDetails',
        'endReason',
        'executionId',
        'flowId',
        'flowVersion',
        'keys',
        'path',
        'recordingUrls',
        'status',
      ].sort(),
    );
    expect(event.data).toMatchObject({
      executionId: execution.id,
      flowId,
      flowVersion: 1,
      accountId: stack.accountId,
      status: 'completed',
      endReason: 'hangup',
      keys: [
        { name: '$flow.key.customer_name', value: 'Ada' },
        { name: '$flow.key.order', value: 'A-1' },
      ],
      path: ['save', 'bye'],
      recordingUrls: [],
    });
    expect(event.data.callDetails).toEqual([
      {
        from: '+15550001',
        to: '+15550002',
        direction: 'api',
        startTime: execution.startTime,
        endTime: execution.endTime,
        duration: expect.any(Number),
      },
    ]);

    const delivery = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
    expect(delivery).toMatchObject({
      eventType: 'flow.completed',
      executionId: execution.id,
      webhookMessageId: webhookIdOf(request),
      attemptCount: 1,
      attempts: [{ attempt: 1, status: 200, error: null }],
    });
    expect(delivery.payload).toEqual(event);
  });

  it('reports the version that ran: a saved version 2 sends flowVersion 2', async () => {
    const flowId = await createFlow(stack.serve, storingFlow());
    await ok(stack.serve.api('PUT', `/v1/flows/${flowId}`, { body: storingFlow() }), 'PUT flow');
    const { event } = await runAndReceive(flowId);
    expect(event.data).toMatchObject({ flowId, flowVersion: 2 });
  });
});
