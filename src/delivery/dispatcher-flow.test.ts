import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory/index.js';
import type { DeliveryStore } from '../storage/ports.js';
import { createGate, reply } from './testing/receiver.js';
import { dispatcherSuite } from './testing/suite.js';
import { waitFor } from './testing/wait-for.js';

const { receiver, harness } = dispatcherSuite(createMemoryStorage);

describe('dispatcher: concurrency (docs/server.md per-endpoint cap)', () => {
  it('a hanging endpoint with 20 due deliveries does not delay another endpoint', async () => {
    const gate = createGate();
    const hanging = await receiver(async (_request, response) => {
      await gate.opened;
      reply(response, 200);
    });
    const healthy = await receiver((_request, response) => {
      reply(response, 200);
    });
    const h = harness({ perWebhookLimit: 4 });
    const a = await h.addWebhook(hanging.url());
    const b = await h.addWebhook(healthy.url());
    const toA = [];
    for (let i = 0; i < 20; i += 1) toA.push(await h.addDelivery(a.id));
    const toB = [];
    for (let i = 0; i < 5; i += 1) toB.push(await h.addDelivery(b.id));
    h.dispatcher.start();

    for (const delivery of toB) {
      await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'B');
    }
    // B is done while A still hangs with no more than its cap in flight.
    expect(hanging.inFlight).toBeLessThanOrEqual(4);
    expect(hanging.received.length).toBeLessThanOrEqual(4);
    expect(healthy.received).toHaveLength(5);

    gate.open();
    for (const delivery of toA) {
      await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'A');
    }
    expect(hanging.received).toHaveLength(20);
    expect(hanging.maxInFlight).toBe(4);
  });

  it('never has more than `concurrency` attempts in flight', async () => {
    const gate = createGate();
    const target = await receiver(async (_request, response) => {
      await gate.opened;
      reply(response, 200);
    });
    const h = harness({ concurrency: 3, perWebhookLimit: 10 });
    const webhook = await h.addWebhook(target.url());
    const deliveries = [];
    for (let i = 0; i < 8; i += 1) deliveries.push(await h.addDelivery(webhook.id));
    h.dispatcher.start();
    await waitFor(() => target.inFlight === 3, 'three in flight');
    gate.open();
    for (const delivery of deliveries) {
      await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'all');
    }
    expect(target.maxInFlight).toBe(3);
  });
});

describe('dispatcher: start, wake, stop', () => {
  it('stop() waits for the attempt in flight to be recorded, then claims nothing more', async () => {
    const gate = createGate();
    const target = await receiver(async (_request, response) => {
      await gate.opened;
      reply(response, 200);
    });
    const h = harness();
    const webhook = await h.addWebhook(target.url());
    const first = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(() => target.received.length === 1, 'the request');

    let stopped = false;
    const stopping = h.dispatcher.stop().then(() => {
      stopped = true;
    });
    // The receiver holds its answer: stop cannot have finished.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    gate.open();
    await stopping;
    expect(await h.delivery(first.id)).toMatchObject({ status: 'succeeded', leaseUntil: null });
    expect(await h.attempts(first.id)).toHaveLength(1);

    const second = await h.addDelivery(webhook.id);
    h.dispatcher.wake();
    // Ten idle polls' worth: a running loop would have claimed it by now.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await h.delivery(second.id)).toMatchObject({ status: 'pending', attemptCount: 0 });
    expect(target.received).toHaveLength(1);
  });

  it('wake() starts a due delivery at once instead of after the idle sleep', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200);
    });
    const storage = createMemoryStorage();
    let claims = 0;
    const deliveries: DeliveryStore = {
      ...storage.deliveries,
      claimDueDeliveries: (request) => {
        claims += 1;
        return storage.deliveries.claimDueDeliveries(request);
      },
    };
    // Without a wake the next look at the store would be a minute away.
    const h = harness({ idlePollMs: 60_000 }, { deliveries, webhooks: storage.webhooks });
    const webhook = await h.addWebhook(target.url());
    h.dispatcher.start();
    await waitFor(() => claims === 1, 'the first (empty) claim');
    await new Promise((resolve) => setTimeout(resolve, 20));

    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.wake();
    // Well inside the minute the idle sleep had left.
    await waitFor(
      async () => (await h.delivery(delivery.id)).status === 'succeeded',
      'delivery',
      5_000,
    );
  });

  it('keeps going when storage fails, and resends an unrecorded attempt with the same webhook-id', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200);
    });
    const storage = createMemoryStorage();
    let claimFailures = 2;
    let recordFailures = 1;
    const deliveries: DeliveryStore = {
      ...storage.deliveries,
      claimDueDeliveries: (request) =>
        claimFailures-- > 0
          ? Promise.reject(new Error('database is locked'))
          : storage.deliveries.claimDueDeliveries(request),
      recordAttempt: (result) =>
        recordFailures-- > 0
          ? Promise.reject(new Error('disk full'))
          : storage.deliveries.recordAttempt(result),
    };
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (_obj: object, msg: string) => warnings.push(msg) };
    const h = harness({ log, leaseMs: 30_000 }, { deliveries, webhooks: storage.webhooks });
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(() => target.received.length === 1 && warnings.length === 3, 'first send');
    expect((await h.delivery(delivery.id)).status).toBe('pending');

    h.advance(30_001); // the lease runs out
    h.dispatcher.wake();
    await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'resend');
    expect(target.received.map((r) => r.headers['webhook-id'])).toEqual([
      delivery.messageId,
      delivery.messageId,
    ]);
    expect(warnings).toEqual([
      'claiming deliveries failed; retrying',
      'claiming deliveries failed; retrying',
      'delivery attempt not recorded; it is retried when its lease runs out',
    ]);
  });
});
