import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuses, verifyDelivery, webhookIdOf } from '../support/receiver.js';
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
let flowId: string;

beforeAll(async () => {
  stack = await startStack();
  flowId = await createFlow(stack.serve, storingFlow());
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

describe('hookline serve: sending deliveries again by hand (docs/server.md)', () => {
  it('resends a succeeded delivery with the same webhook-id', async () => {
    const { secret } = await createDefaultWebhook(stack.serve, stack.receiver.url('/resend'));
    const execution = await startExecution(stack.serve, flowId);
    const delivered = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
    const [original] = stack.receiver.received('/resend');
    expect(original && webhookIdOf(original)).toBe(delivered.webhookMessageId);

    const resent = await stack.serve.api('POST', `/v1/deliveries/${delivered.id as string}/resend`);
    expect(resent.status).toBe(202);
    const copies = await until('the resent copy', () => {
      const all = stack.receiver.received('/resend');
      return all.length >= 2 ? all : undefined;
    });
    expect(copies.map(webhookIdOf)).toEqual([
      delivered.webhookMessageId,
      delivered.webhookMessageId,
    ]);
    for (const copy of copies) {
      expect(verifyDelivery(secret, copy).data.executionId).toBe(execution.id);
    }
    const after = await until('the resend to be recorded', async () => {
      const read = await ok(stack.serve.api('GET', `/v1/deliveries/${delivered.id as string}`));
      return read.status === 'succeeded' && read.attempts.length === 2 ? read : undefined;
    });
    expect(after.attempts.map((attempt: any) => [attempt.attempt, attempt.status])).toEqual([
      [1, 200],
      [2, 200],
    ]);
  });

  it('recovers the failed deliveries of a webhook since a time, same webhook-id', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    stack.receiver.handle('/recover', statuses(500, 500, 500, 200));
    const webhook = await createDefaultWebhook(stack.serve, stack.receiver.url('/recover'));
    const execution = await startExecution(stack.serve, flowId);
    const failed = await deliveryWithStatus(stack.serve, execution.id, 'failed');
    expect(stack.receiver.received('/recover')).toHaveLength(3);

    const recovered = await stack.serve.api('POST', `/v1/webhooks/${webhook.id}/recover`, {
      body: { since },
    });
    expect(recovered).toEqual({ status: 202, body: { recovered: 1 } });
    const done = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
    expect(done.id).toBe(failed.id);
    expect(done.attempts.map((attempt: any) => attempt.status)).toEqual([500, 500, 500, 200]);
    const received = stack.receiver.received('/recover');
    expect(received).toHaveLength(4);
    expect(new Set(received.map(webhookIdOf))).toEqual(new Set([failed.webhookMessageId]));
    expect(verifyDelivery(webhook.secret, received[3]!).data.executionId).toBe(execution.id);
  });
});
