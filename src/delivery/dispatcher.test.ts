import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory/index.js';
import { generateSigningSecret } from './signer.js';
import { seal } from './testing/harness.js';
import { reply } from './testing/receiver.js';
import { dispatcherSuite, headersOf } from './testing/suite.js';
import { waitFor } from './testing/wait-for.js';

const { receiver, harness } = dispatcherSuite(createMemoryStorage);

describe('dispatcher: signed delivery', () => {
  it('sends the payload signed with Standard Webhooks headers, verified by standardwebhooks', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200, 'ok');
    });
    const h = harness();
    const webhook = await h.addWebhook(target.url(), {
      headers: [
        { key: 'X-Tenant', value: 'blue' },
        { key: 'Webhook-Id', value: 'forged' },
      ],
      auth: { type: 'bearer', token: seal('t0ken') },
    });
    const delivery = await h.addDelivery(webhook.id, { data: { hello: 'wörld' } });
    h.dispatcher.start();
    await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'delivery');

    const [received] = target.received;
    expect(received?.body).toBe(delivery.payload);
    expect(received?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Hookline-Webhooks',
      'webhook-id': delivery.messageId,
      'webhook-timestamp': String(Math.floor(h.now().getTime() / 1000)),
      'x-tenant': 'blue',
      authorization: 'Bearer t0ken',
    });
    const secret = h.secrets.get(webhook.id) ?? '';
    expect(new Webhook(secret).verify(received!.body, headersOf(received!))).toEqual(
      JSON.parse(delivery.payload),
    );
    const attempts = await h.attempts(delivery.id);
    expect(attempts).toEqual([
      {
        deliveryId: delivery.id,
        attempt: 1,
        startedAt: h.now().toISOString(),
        status: 200,
        latencyMs: expect.any(Number) as unknown,
        error: null,
        remoteAddress: '127.0.0.1',
        responseExcerpt: 'ok',
      },
    ]);
    await waitFor(() => h.reported.length === 1, 'metrics');
    expect(h.reported).toEqual([
      {
        outcome: 'succeeded',
        latencyMs: attempts[0]?.latencyMs,
        webhookId: webhook.id,
        deliveryId: attempts[0]?.deliveryId,
        executionId: null,
        eventType: 'test.event',
      },
    ]);
  });

  it('signs with both secrets during a rotation, and drops an expired previous secret', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 204);
    });
    const h = harness();
    const current = generateSigningSecret();
    const previous = generateSigningSecret();
    const expired = generateSigningSecret();
    const at = h.now().getTime();
    const webhook = await h.addWebhook(target.url(), {
      signingSecrets: [
        { sealed: seal(current), createdAt: new Date(at).toISOString() },
        {
          sealed: seal(previous),
          createdAt: new Date(at - 1000).toISOString(),
          expiresAt: new Date(at + 60_000).toISOString(),
        },
        {
          sealed: seal(expired),
          createdAt: new Date(at - 2000).toISOString(),
          expiresAt: new Date(at).toISOString(),
        },
      ],
    });
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'delivery');

    const received = target.received[0]!;
    expect(String(received.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(new Webhook(secret).verify(received.body, headersOf(received))).toEqual(
        JSON.parse(delivery.payload),
      );
    }
    expect(() => new Webhook(expired).verify(received.body, headersOf(received))).toThrow();
  });
});

describe('dispatcher: opened signing secrets', () => {
  it('opens a secret once for many attempts, and a rotated one at the next attempt', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200);
    });
    const opened: string[] = [];
    const h = harness({
      openSecret: (sealed) => {
        opened.push(sealed);
        return sealed.slice('sealed:'.length);
      },
    });
    const webhook = await h.addWebhook(target.url());
    const first = h.secrets.get(webhook.id) ?? '';
    const before = [await h.addDelivery(webhook.id), await h.addDelivery(webhook.id)];
    h.dispatcher.start();
    for (const delivery of before) {
      await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'sent');
    }
    const third = await h.addDelivery(webhook.id);
    h.dispatcher.wake();
    await waitFor(async () => (await h.delivery(third.id)).status === 'succeeded', 'third');
    expect(opened).toEqual([seal(first)]);

    // Rotation: a new current secret, the old one kept for a minute's overlap.
    const rotated = generateSigningSecret();
    const at = h.now().getTime();
    await h.storage.webhooks.saveWebhook({
      ...webhook,
      signingSecrets: [
        { sealed: seal(rotated), createdAt: new Date(at).toISOString() },
        {
          sealed: seal(first),
          createdAt: webhook.createdAt,
          expiresAt: new Date(at + 60_000).toISOString(),
        },
      ],
    });
    const during = await h.addDelivery(webhook.id);
    h.dispatcher.wake();
    await waitFor(async () => (await h.delivery(during.id)).status === 'succeeded', 'rotated');
    const signed = target.received.at(-1)!;
    for (const secret of [rotated, first]) {
      expect(new Webhook(secret).verify(signed.body, headersOf(signed))).toBeDefined();
    }
    expect(opened).toEqual([seal(first), seal(rotated)]);

    // The overlap ends: only the new secret signs.
    h.advance(60_000);
    const after = await h.addDelivery(webhook.id);
    h.dispatcher.wake();
    await waitFor(async () => (await h.delivery(after.id)).status === 'succeeded', 'after');
    const last = target.received.at(-1)!;
    expect(String(last.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(new Webhook(rotated).verify(last.body, headersOf(last))).toBeDefined();
    expect(() => new Webhook(first).verify(last.body, headersOf(last))).toThrow();
    expect(opened).toEqual([seal(first), seal(rotated)]);
  });
});

describe('dispatcher: retries', () => {
  it('delivers on attempt 3 after 500, 500; the same webhook-id on every attempt', async () => {
    const statuses = [500, 500, 200];
    const target = await receiver((_request, response) => {
      reply(response, statuses.shift() ?? 200, 'body');
    });
    const h = harness({ schedule: [0, 0, 0] });
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'delivery');

    const attempts = await h.attempts(delivery.id);
    expect(attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 500, 'the endpoint answered 500'],
      [2, 500, 'the endpoint answered 500'],
      [3, 200, null],
    ]);
    expect((await h.delivery(delivery.id)).attemptCount).toBe(3);
    expect(new Set(target.received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([delivery.messageId]),
    );
    expect(target.received).toHaveLength(3);
    await waitFor(() => h.reported.length === 3, 'metrics');
    expect(h.reported.map((r) => r.outcome)).toEqual(['retrying', 'retrying', 'succeeded']);
  });

  it('fails the delivery after exactly schedule.length attempts', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 503);
    });
    const h = harness({ schedule: [0, 0, 0, 0] });
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.delivery(delivery.id)).status === 'failed', 'failure');

    expect(await h.attempts(delivery.id)).toHaveLength(4);
    expect(await h.delivery(delivery.id)).toMatchObject({ attemptCount: 4, nextAttemptAt: null });
    expect(target.received).toHaveLength(4);
    await waitFor(() => h.reported.length === 4, 'metrics');
    expect(h.reported.map((r) => r.outcome)).toEqual([
      'retrying',
      'retrying',
      'retrying',
      'failed',
    ]);
  });

  it('schedules the next attempt with jitter from the schedule', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 500);
    });
    const h = harness({ schedule: [0, 300], random: () => 0.75 });
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.attempts(delivery.id)).length === 1, 'first attempt');

    // 300 s × (0.8 + 0.4 × 0.75) = 330 s after the attempt.
    const expected = new Date(h.now().getTime() + 330_000).toISOString();
    expect(await h.delivery(delivery.id)).toMatchObject({
      status: 'pending',
      nextAttemptAt: expected,
      leaseUntil: null,
    });
  });

  it('honours Retry-After for the next attempt', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 429, '', { 'retry-after': '120' });
    });
    const h = harness({ schedule: [0, 5, 5] });
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.attempts(delivery.id)).length === 1, 'first attempt');

    const due = new Date(h.now().getTime() + 120_000).toISOString();
    expect(await h.delivery(delivery.id)).toMatchObject({ status: 'pending', nextAttemptAt: due });
    h.advance(120_000);
    h.dispatcher.wake();
    await waitFor(async () => (await h.attempts(delivery.id)).length === 2, 'second attempt');
  });
});
