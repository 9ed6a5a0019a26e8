import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuses, verifyDelivery, webhookIdOf } from '../support/receiver.js';
import { killAll } from '../support/serve-process.js';
import {
  createDefaultWebhook,
  createFlow,
  deliveriesOf,
  deliveryWithStatus,
  ok,
  startExecution,
  startStack,
  storingFlow,
  type Stack,
} from './helpers.js';

let stack: Stack;
let flowId: string;

beforeAll(async () => {
  // HOOKLINE_RETRY_SCHEDULE=0,0.3,0.3: three attempts.
  stack = await startStack();
  flowId = await createFlow(stack.serve, storingFlow());
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

describe('hookline serve: delivery retries and 410 Gone (docs/server.md)', () => {
  it('500, 500, 200: delivered on attempt 3, one webhook-id, every attempt signed and kept', async () => {
    stack.receiver.handle('/flaky', statuses(500, 500, 200));
    const { secret } = await createDefaultWebhook(stack.serve, stack.receiver.url('/flaky'));
    const execution = await startExecution(stack.serve, flowId);
    const listed = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');

    const delivery = await ok(stack.serve.api('GET', `/v1/deliveries/${listed.id as string}`));
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 3, nextAttemptAt: null });
    expect(
      delivery.attempts.map((attempt: any) => [attempt.attempt, attempt.status, attempt.error]),
    ).toEqual([
      [1, 500, 'the endpoint answered 500'],
      [2, 500, 'the endpoint answered 500'],
      [3, 200, null],
    ]);
    const started = delivery.attempts.map((attempt: any) => Date.parse(attempt.startedAt));
    expect([...started].sort((a, b) => a - b)).toEqual(started);
    for (const attempt of delivery.attempts) {
      expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
      expect(attempt.remoteAddress).toContain('127.0.0.1');
    }

    const received = stack.receiver.received('/flaky');
    expect(received).toHaveLength(3);
    expect(received.map(webhookIdOf)).toEqual(Array(3).fill(delivery.webhookMessageId));
    for (const request of received) {
      expect(verifyDelivery(secret, request).data.executionId).toBe(execution.id);
    }
    expect(new Set(received.map((request) => request.body)).size).toBe(1);
  });

  it('500 on every attempt: failed after the schedule’s 3 attempts', async () => {
    stack.receiver.handle('/down', statuses(500));
    await createDefaultWebhook(stack.serve, stack.receiver.url('/down'));
    const execution = await startExecution(stack.serve, flowId);
    const delivery = await deliveryWithStatus(stack.serve, execution.id, 'failed');
    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((attempt: any) => attempt.status)).toEqual([500, 500, 500]);
    expect(stack.receiver.received('/down')).toHaveLength(3);
  });

  it('410 Gone: the delivery fails, the webhook is disabled, later events wait for it', async () => {
    stack.receiver.handle('/gone', statuses(410));
    const webhook = await createDefaultWebhook(stack.serve, stack.receiver.url('/gone'));
    const first = await startExecution(stack.serve, flowId);
    const failed = await deliveryWithStatus(stack.serve, first.id, 'failed');
    expect(failed.attempts.map((attempt: any) => attempt.status)).toEqual([410]);
    expect(stack.receiver.received('/gone')).toHaveLength(1);

    const read = await ok(stack.serve.api('GET', `/v1/webhooks/${webhook.id}`));
    expect(read).toMatchObject({ disabled: true, disabledReason: 'gone', isDefault: true });
    expect(read.disabledAt).toEqual(expect.any(String));

    // A later event is recorded, waiting (not due) until the webhook is re-enabled.
    const later = await startExecution(stack.serve, flowId);
    expect(later.status).toBe('completed');
    expect(await deliveriesOf(stack.serve, later.id)).toMatchObject([
      { status: 'pending', nextAttemptAt: null, attempts: [] },
    ]);
    expect(stack.receiver.received('/gone')).toHaveLength(1);
  });
});
