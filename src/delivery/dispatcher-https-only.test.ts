import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory/index.js';
import { ACCOUNT_ID } from './testing/harness.js';
import { reply } from './testing/receiver.js';
import { dispatcherSuite } from './testing/suite.js';
import { waitFor } from './testing/wait-for.js';

const { receiver, harness } = dispatcherSuite(createMemoryStorage);

describe('dispatcher: the account HTTPS-only rule at attempt time (docs/server.md "Account")', () => {
  it('fails the attempt to plain http:// of an HTTPS-only account with BLOCKED_DESTINATION; nothing is sent', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200);
    });
    // The allow-list holds 127.0.0.1 (an address), so the name `localhost` is not exempt.
    const plain = target.url('/in').replace('127.0.0.1', 'localhost');
    const asked: string[] = [];
    const h = harness({
      allowsPlainHttp: (accountId) => {
        asked.push(accountId);
        return Promise.resolve(false);
      },
    });
    const delivery = await h.addDelivery((await h.addWebhook(plain)).id);
    h.dispatcher.start();
    await waitFor(async () => (await h.attempts(delivery.id)).length > 0, 'first attempt');
    const [attempt] = await h.attempts(delivery.id);
    expect(attempt).toMatchObject({ status: 0, remoteAddress: null });
    expect(attempt?.error).toMatch(
      /^BLOCKED_DESTINATION: plain http:\/\/ to localhost is not allowed: the account is HTTPS-only/,
    );
    expect(asked[0]).toBe(ACCOUNT_ID);
    expect(target.received).toHaveLength(0);
  });

  it('is HTTPS-only unless told the account allows plain HTTP', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200);
    });
    const plain = target.url('/in').replace('127.0.0.1', 'localhost');
    const strict = harness();
    const blocked = await strict.addDelivery((await strict.addWebhook(plain)).id);
    strict.dispatcher.start();
    await waitFor(async () => (await strict.attempts(blocked.id)).length > 0, 'blocked attempt');
    expect((await strict.attempts(blocked.id))[0]?.error).toMatch(/HTTPS-only/);

    const open = harness({ allowsPlainHttp: () => Promise.resolve(true) });
    const sent = await open.addDelivery((await open.addWebhook(plain)).id);
    open.dispatcher.start();
    await waitFor(async () => (await open.delivery(sent.id)).status === 'succeeded', 'delivered');
    expect(target.received).toHaveLength(1);
  });
});
