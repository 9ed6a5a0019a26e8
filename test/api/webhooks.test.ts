import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, verifyDelivery, type Receiver } from '../e2e/support/receiver.js';
import { startHarness, until, type ApiHarness } from './harness.js';

let h: ApiHarness;
let receiver: Receiver;
let receiverUrl: string;

beforeAll(async () => {
  receiver = await startReceiver();
  receiverUrl = receiver.url('/hooks');
  h = await startHarness({ HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1' });
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

describe('saved webhooks API', () => {
  it('creates a webhook, shows the secret once and never reads secrets back', async () => {
    const created = await h.call('POST', '/v1/webhooks', {
      body: {
        name: 'crm',
        url: receiverUrl,
        auth: { type: 'bearer', token: 'tok-SECRET-123' },
        isDefault: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.id as string;
    const read = await h.call('GET', `/v1/webhooks/${id}`);
    expect(read.body).toMatchObject({
      id,
      name: 'crm',
      url: receiverUrl,
      isDefault: true,
      auth: { type: 'bearer', token: '***' },
    });
    const everything = JSON.stringify([read.body, (await h.call('GET', '/v1/webhooks')).body]);
    expect(everything).not.toContain('tok-SECRET-123');
    expect(everything).not.toContain(created.body.secret);
    expect((await h.call('GET', `/v1/webhooks/${id}`, { key: h.keyB })).status).toBe(404);
    expect(
      (await h.call('POST', '/v1/webhooks', { body: { name: 'crm', url: receiverUrl } })).status,
    ).toBe(409);
  });

  it('delivers a signed flow.completed event that standardwebhooks verifies', async () => {
    const created = await h.call('POST', '/v1/webhooks', {
      body: { name: 'end', url: receiverUrl, isDefault: true },
    });
    const secret = created.body.secret as string;
    const flow = {
      name: 'Ends',
      start: 'save',
      settings: { flowEndWebhook: true },
      widgets: {
        save: {
          type: 'store',
          config: { variables: [{ key: 'customer_name', value: 'Ada' }] },
          lines: ['bye'],
        },
        bye: { type: 'hangup' },
      },
    };
    const flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
    const execution = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
      body: { from: '+1555', to: '+1666' },
    });
    expect(execution.body.status).toBe('completed');
    const delivery = await until(() =>
      receiver.received().find((item) => item.body.includes(execution.body.id as string)),
    );
    const payload = verifyDelivery(secret, delivery) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(payload.type).toBe('flow.completed');
    expect(payload.data).toMatchObject({
      executionId: execution.body.id,
      flowId,
      flowVersion: 1,
      status: 'completed',
      endReason: 'hangup',
      path: ['save', 'bye'],
      keys: [{ name: '$flow.key.customer_name', value: 'Ada' }],
      recordingUrls: [],
    });
    const list = await until(async () => {
      const page = await h.call('GET', `/v1/deliveries?executionId=${execution.body.id as string}`);
      return page.body.items?.[0]?.status === 'succeeded' ? page.body.items : undefined;
    });
    expect(list[0].attempts).toHaveLength(1);
    // Privacy by default: once delivered, the non-persisted flow variables are gone.
    const purged = await until(async () => {
      const read = await h.call('GET', `/v1/executions/${execution.body.id as string}`);
      return '$flow.key.customer_name' in read.body.variables ? undefined : read.body.variables;
    });
    expect(purged['$flow.syskey.executionId']).toBe(execution.body.id);
  });

  it('checks a webhook: a signed webhook.check with status and latency', async () => {
    const created = await h.call('POST', '/v1/webhooks', {
      body: { name: 'checked', url: receiverUrl },
    });
    const check = await h.call('POST', `/v1/webhooks/${created.body.id as string}/check`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ reachable: true, ok: true, status: 200, error: null });
    expect(check.body.latencyMs).toBeGreaterThanOrEqual(0);
    const delivery = receiver.received().find((item) => item.body.includes('webhook.check'));
    expect(delivery?.headers['webhook-signature']).toMatch(/^v1,/);
  });
});
