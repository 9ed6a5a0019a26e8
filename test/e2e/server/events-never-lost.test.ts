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
  until,
  type Stack,
} from './helpers.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

/** The flow.completed requests received on `path` for these executions. */
function receivedFor(path: string, executionIds: readonly string[]) {
  return stack.receiver
    .received(path)
    .filter((request) => executionIds.some((id) => request.body.includes(id)));
}

// In order: the first test runs before the account has any saved webhook.
describe('hookline serve: every flow end event is a delivery (docs/server.md)', () => {
  it('with no default webhook: validate warns, the event is a failed NO_WEBHOOK delivery', async () => {
    const saved = await ok(stack.serve.api('POST', '/v1/flows', { body: storingFlow() }));
    expect(saved.warnings).toContainEqual(
      expect.objectContaining({ path: 'settings.flowEndWebhook', severity: 'warning' }),
    );
    const execution = await startExecution(stack.serve, saved.id as string);
    const [delivery] = await deliveriesOf(stack.serve, execution.id as string);
    expect(delivery).toMatchObject({
      status: 'failed',
      failureReason: 'NO_WEBHOOK',
      webhookId: null,
      eventType: 'flow.completed',
      attempts: [],
    });
    // Never sendable, so never resent.
    const resend = await stack.serve.api('POST', `/v1/deliveries/${delivery.id as string}/resend`);
    expect(resend.status).toBe(409);
    expect(resend.body.error.message).toContain('NO_WEBHOOK');
  });

  it('documents the new delivery fields in the OpenAPI document', async () => {
    const { body } = await stack.serve.api('GET', '/v1/openapi.json', { key: null });
    const read = body.paths['/v1/deliveries/{id}'].get.responses['200'].content['application/json'];
    const schema = read.schema.$ref
      ? body.components.schemas[String(read.schema.$ref).split('/').pop()!]
      : read.schema;
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['failureReason', 'trimmed', 'nextAttemptAt', 'webhookId']),
    );
  });

  it('a saved webhook named in flowEndWebhook: checked at save, receives the event', async () => {
    const unknown = { ...storingFlow(), settings: { flowEndWebhook: 'audit' } };
    const refused = await stack.serve.api('POST', '/v1/flows', { body: unknown });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'settings.flowEndWebhook', severity: 'error' }),
    );

    const audit = await ok(
      stack.serve.api('POST', '/v1/webhooks', {
        body: { name: 'audit', url: stack.receiver.url('/audit') },
      }),
    );
    const flowId = await createFlow(stack.serve, unknown);
    const execution = await startExecution(stack.serve, flowId);
    const delivered = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
    expect(delivered.webhookId).toBe(audit.id);
    const [request] = receivedFor('/audit', [execution.id]);
    expect(verifyDelivery(audit.secret as string, request!).data.executionId).toBe(execution.id);
  });

  it('while the default webhook is disabled (410): events wait, re-enabling sends them all', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    stack.receiver.handle('/gone', statuses(410, 200));
    const webhook = await createDefaultWebhook(stack.serve, stack.receiver.url('/gone'));
    const flowId = await createFlow(stack.serve, storingFlow());
    const first = await startExecution(stack.serve, flowId);
    await deliveryWithStatus(stack.serve, first.id, 'failed');

    const later = [
      await startExecution(stack.serve, flowId),
      await startExecution(stack.serve, flowId),
    ];
    for (const execution of later) {
      const [waiting] = await deliveriesOf(stack.serve, execution.id);
      expect(waiting).toMatchObject({ status: 'pending', nextAttemptAt: null, attempts: [] });
    }
    expect(stack.receiver.received('/gone')).toHaveLength(1);

    // Re-enabled (PUT): the waiting ones are sent; recover brings back the one that failed.
    const read = await ok(stack.serve.api('GET', `/v1/webhooks/${webhook.id}`));
    await ok(
      stack.serve.api('PUT', `/v1/webhooks/${webhook.id}`, {
        body: { name: read.name, url: read.url, isDefault: true },
      }),
    );
    for (const execution of later) await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
    await ok(stack.serve.api('POST', `/v1/webhooks/${webhook.id}/recover`, { body: { since } }));
    await deliveryWithStatus(stack.serve, first.id, 'succeeded');

    const ids = [first, ...later].map((execution) => execution.id as string);
    const received = receivedFor('/gone', ids);
    for (const id of ids) {
      const events = received.filter((request) => request.body.includes(id));
      expect(verifyDelivery(webhook.secret, events.at(-1)!).data.executionId).toBe(id);
    }
  });

  it('recover alone re-enables the endpoint and sends what waited', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    stack.receiver.handle('/gone-again', statuses(410, 200));
    const webhook = await createDefaultWebhook(stack.serve, stack.receiver.url('/gone-again'));
    const flowId = await createFlow(stack.serve, storingFlow());
    const first = await startExecution(stack.serve, flowId);
    await deliveryWithStatus(stack.serve, first.id, 'failed');
    const waiting = await startExecution(stack.serve, flowId);

    const recovered = await ok(
      stack.serve.api('POST', `/v1/webhooks/${webhook.id}/recover`, { body: { since } }),
    );
    expect(recovered).toEqual({ recovered: 2 });
    await deliveryWithStatus(stack.serve, first.id, 'succeeded');
    await deliveryWithStatus(stack.serve, waiting.id, 'succeeded');
    const read = await ok(stack.serve.api('GET', `/v1/webhooks/${webhook.id}`));
    expect(read.disabled).toBe(false);
  });
});

describe('hookline serve: an oversized flow.completed is trimmed, not dropped', () => {
  it('shortens the largest keys, marks them, links the execution; signed and verifiable', async () => {
    const { secret } = await createDefaultWebhook(stack.serve, stack.receiver.url('/big'));
    const flowId = await createFlow(stack.serve, storingFlow());
    const huge = 'x'.repeat(300_000);
    const execution = await startExecution(stack.serve, flowId, {
      body: { variables: { huge, note: 'kept' } },
    });
    const request = await until('the trimmed event', () => receivedFor('/big', [execution.id])[0]);
    expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(256 * 1024);
    const event = verifyDelivery(secret, request);
    expect(event.data.executionUrl).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:\\d+/v1/executions/${execution.id as string}$`),
    );
    const keys = Object.fromEntries(event.data.keys.map((key: any) => [key.name, key]));
    expect(keys['$flow.key.note']).toEqual({ name: '$flow.key.note', value: 'kept' });
    expect(keys['$flow.key.huge']).toMatchObject({ truncated: true, originalBytes: 300_000 });
    expect(huge.startsWith(keys['$flow.key.huge'].value as string)).toBe(true);

    const delivery = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
    expect(delivery).toMatchObject({ trimmed: true, failureReason: null });
    expect(delivery.webhookMessageId).toBe(webhookIdOf(request));
  });
});
