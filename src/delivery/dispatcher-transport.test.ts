import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory/index.js';
import { MAX_EXCERPT_BYTES } from './excerpt.js';
import { seal } from './testing/harness.js';
import { reply } from './testing/receiver.js';
import { dispatcherSuite } from './testing/suite.js';
import { waitFor } from './testing/wait-for.js';

const { receiver, harness } = dispatcherSuite(createMemoryStorage);

describe('dispatcher: what counts as delivered (docs/server.md)', () => {
  it('does not follow a redirect: 302 is a failed attempt and Location is never requested', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 302, '', { location: '/moved' });
    });
    const h = harness({ schedule: [0, 3600] });
    const webhook = await h.addWebhook(target.url('/hook'));
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.attempts(delivery.id)).length === 1, 'attempt');
    expect(await h.attempts(delivery.id)).toMatchObject([
      { status: 302, error: 'the endpoint answered 302 (redirects are not followed)' },
    ]);
    expect((await h.delivery(delivery.id)).status).toBe('pending');
    expect(target.received.map((r) => r.path)).toEqual(['/hook']);
  });

  it('treats a timeout as a failed attempt with status 0', async () => {
    const target = await receiver(() => undefined);
    const h = harness({ schedule: [0, 3600], timeoutMs: 100 });
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.attempts(delivery.id)).length === 1, 'attempt');
    const [attempt] = await h.attempts(delivery.id);
    expect(attempt).toMatchObject({ status: 0, responseExcerpt: null });
    expect(attempt?.error).toMatch(/^TIMEOUT: .*did not answer within 100 ms/);
    expect((await h.delivery(delivery.id)).status).toBe('pending');
  });

  it('keeps a response excerpt of at most 64 KB', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 500, 'e'.repeat(300 * 1024));
    });
    const h = harness({ schedule: [0] });
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.delivery(delivery.id)).status === 'failed', 'failure');
    const [attempt] = await h.attempts(delivery.id);
    expect(attempt?.responseExcerpt).toBe('e'.repeat(MAX_EXCERPT_BYTES));
  });

  it('counts a 2xx with a body over the client cap as delivered', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200, 'z'.repeat(3 * 1024 * 1024));
    });
    const h = harness();
    const webhook = await h.addWebhook(target.url());
    const delivery = await h.addDelivery(webhook.id);
    h.dispatcher.start();
    await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'delivery');
    expect(await h.attempts(delivery.id)).toMatchObject([{ status: 200, error: null }]);
  });

  it('applies basic and apiKey auth from sealed fields, and masks them in stored errors', async () => {
    const target = await receiver((received, response) => {
      reply(response, 401, `denied ${received.path} ${String(received.headers.authorization)}`);
    });
    const h = harness({ schedule: [0] });
    const basic = await h.addWebhook(target.url(), {
      auth: { type: 'basic', username: 'ada', password: seal('pa55') },
    });
    const apiKey = await h.addWebhook(target.url(), {
      auth: { type: 'apiKey', in: 'query', name: 'key', value: seal('k3y') },
    });
    const toBasic = await h.addDelivery(basic.id);
    const toApiKey = await h.addDelivery(apiKey.id);
    h.dispatcher.start();
    for (const delivery of [toBasic, toApiKey]) {
      await waitFor(async () => (await h.delivery(delivery.id)).status === 'failed', 'failure');
    }
    const byAuth = new Map(target.received.map((r) => [r.path, r.headers.authorization]));
    expect(byAuth.get('/hook')).toBe(`Basic ${Buffer.from('ada:pa55').toString('base64')}`);
    expect(byAuth.has('/hook?key=k3y')).toBe(true);
    const stored = JSON.stringify([await h.attempts(toBasic.id), await h.attempts(toApiKey.id)]);
    expect(stored).toContain('denied');
    expect(stored).not.toContain('pa55');
    expect(stored).not.toContain(Buffer.from('ada:pa55').toString('base64'));
    expect(stored).not.toContain('k3y');
  });
});
