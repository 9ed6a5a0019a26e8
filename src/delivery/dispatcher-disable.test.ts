import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory/index.js';
import { reply } from './testing/receiver.js';
import { dispatcherSuite } from './testing/suite.js';
import { waitFor } from './testing/wait-for.js';

const { receiver, harness } = dispatcherSuite(createMemoryStorage);

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_S = DAY_MS / 1000;

describe('dispatcher: disabling endpoints (docs/server.md)', () => {
  it('410 Gone disables the webhook and fails its pending deliveries; nothing more is sent', async () => {
    const gone = await receiver((_request, response) => {
      reply(response, 410);
    });
    const other = await receiver((_request, response) => {
      reply(response, 200);
    });
    const h = harness({ schedule: [0, 0, 0] });
    const webhook = await h.addWebhook(gone.url());
    const first = await h.addDelivery(webhook.id);
    const later = [
      await h.addDelivery(webhook.id, { dueInMs: 60_000 }),
      await h.addDelivery(webhook.id, { dueInMs: 120_000 }),
    ];
    h.dispatcher.start();
    await waitFor(async () => (await h.delivery(first.id)).status === 'failed', '410 failure');
    await waitFor(
      async () => (await h.storage.webhooks.getWebhookById(webhook.id))?.disabledAt != null,
      'webhook disabled',
    );

    expect(await h.storage.webhooks.getWebhookById(webhook.id)).toMatchObject({
      disabledReason: 'gone',
      disabledAt: h.now().toISOString(),
    });
    expect(await h.attempts(first.id)).toMatchObject([{ attempt: 1, status: 410 }]);
    for (const delivery of later) {
      expect(await h.delivery(delivery.id)).toMatchObject({ status: 'failed', attemptCount: 0 });
    }
    // Once the others would have been due, another endpoint's delivery goes and this one doesn't.
    h.advance(180_000);
    const elsewhere = await h.addDelivery((await h.addWebhook(other.url())).id);
    h.dispatcher.wake();
    await waitFor(async () => (await h.delivery(elsewhere.id)).status === 'succeeded', 'other');
    expect(gone.received).toHaveLength(1);
    expect(h.reported.map((r) => r.outcome)).toEqual(['failed', 'succeeded']);
  });

  it('disables a webhook that has failed for 5 days, not before', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 500);
    });
    const h = harness({ schedule: [0, 4 * DAY_S, DAY_S, DAY_S] });
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    const farLater = await h.addDelivery(webhook.id, { dueInMs: 30 * DAY_MS });
    const started = h.now().toISOString();
    h.dispatcher.start();
    await waitFor(async () => (await h.attempts(delivery.id)).length === 1, 'attempt 1');
    expect(await h.storage.webhooks.getWebhookById(webhook.id)).toMatchObject({
      failingSince: started,
      disabledAt: null,
    });

    h.advance(4 * DAY_MS);
    h.dispatcher.wake();
    await waitFor(async () => (await h.attempts(delivery.id)).length === 2, 'attempt 2');
    expect(await h.storage.webhooks.getWebhookById(webhook.id)).toMatchObject({ disabledAt: null });
    expect((await h.delivery(delivery.id)).status).toBe('pending');

    h.advance(DAY_MS);
    h.dispatcher.wake();
    await waitFor(async () => (await h.delivery(delivery.id)).status === 'failed', 'failure');
    expect(await h.storage.webhooks.getWebhookById(webhook.id)).toMatchObject({
      disabledReason: 'failing',
      failingSince: started,
    });
    expect(await h.attempts(delivery.id)).toHaveLength(3);
    expect((await h.delivery(farLater.id)).status).toBe('failed');
    await waitFor(() => h.reported.length === 3, 'metrics');
    expect(h.reported.map((r) => r.outcome)).toEqual(['retrying', 'retrying', 'failed']);
  });

  it('fails a delivery whose webhook is gone, or a check of a disabled one, without sending it', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200);
    });
    const h = harness();
    const disabled = await h.addWebhook(target.url(), {
      disabledAt: h.now().toISOString(),
      disabledReason: 'gone',
    });
    const check = await h.addDelivery(disabled.id, { type: 'webhook.check' });
    const toMissing = await h.addDelivery('wh_deleted');
    h.dispatcher.start();
    for (const delivery of [check, toMissing]) {
      await waitFor(async () => (await h.delivery(delivery.id)).status === 'failed', 'failure');
    }
    expect(await h.attempts(check.id)).toMatchObject([
      { attempt: 1, status: 0, error: 'the saved webhook is disabled (gone)' },
    ]);
    expect(await h.attempts(toMissing.id)).toMatchObject([
      { attempt: 1, status: 0, error: 'the saved webhook no longer exists', remoteAddress: null },
    ]);
    expect(target.received).toHaveLength(0);
  });

  it('puts a due delivery of a disabled webhook back to wait for it (resent, or raced the disable)', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200);
    });
    const h = harness();
    const disabled = await h.addWebhook(target.url(), {
      disabledAt: h.now().toISOString(),
      disabledReason: 'gone',
    });
    const due = await h.addDelivery(disabled.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.delivery(due.id)).nextAttemptAt === null, 'waiting');
    expect(await h.delivery(due.id)).toMatchObject({ status: 'pending', leaseUntil: null });
    expect(await h.attempts(due.id)).toMatchObject([
      { attempt: 1, status: 0, error: 'the saved webhook is disabled (gone): waiting for it' },
    ]);
    expect(target.received).toHaveLength(0);
  });

  it('retries on schedule, unsent, when a secret cannot be opened; the endpoint is not blamed', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200);
    });
    const h = harness({ schedule: [0, 60] });
    const webhook = await h.addWebhook(target.url(), {
      auth: { type: 'bearer', token: 'was-never-sealed' },
    });
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.attempts(delivery.id)).length === 1, 'attempt');
    expect(await h.attempts(delivery.id)).toMatchObject([
      { status: 0, error: 'a secret of the saved webhook could not be opened' },
    ]);
    expect(await h.delivery(delivery.id)).toMatchObject({
      status: 'pending',
      nextAttemptAt: new Date(h.now().getTime() + 60_000).toISOString(),
    });
    expect((await h.storage.webhooks.getWebhookById(webhook.id))?.failingSince).toBe(null);
    expect(JSON.stringify(await h.attempts(delivery.id))).not.toContain('was-never-sealed');
    expect(target.received).toHaveLength(0);
  });
});
