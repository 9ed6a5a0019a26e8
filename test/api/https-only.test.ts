/**
 * docs/server.md "Account": an HTTPS-only account (the default) sends nothing over plain
 * http:// to a host the operator did not allow-list, wherever its request leaves: saved
 * webhook URLs as they are saved, deliveries (flow end, check, internal-function events),
 * webhook widgets (custom and saved) and widget tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../e2e/support/receiver.js';
import { startHarness, until, type ApiHarness } from './harness.js';

let h: ApiHarness;
let receiver: Receiver;
/** The receiver under a name the allow-list (an IP entry) does not exempt from HTTPS-only. */
let plainUrl: string;

const REFUSED = /plain http:\/\/ to localhost is not allowed: the account is HTTPS-only/;

beforeAll(async () => {
  receiver = await startReceiver();
  plainUrl = receiver.url('/plain').replace('127.0.0.1', 'localhost');
  h = await startHarness({ HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1' });
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

async function allowPlainHttp(allow: boolean, key = h.keyA): Promise<void> {
  const answer = await h.call('PUT', '/v1/account/settings', {
    body: { allowPlainHttp: allow, apiIpAllowList: [] },
    key,
  });
  expect(answer.status).toBe(200);
}

/** The first attempt of the newest delivery of `eventType` to `webhookId`. */
async function firstAttemptOf(webhookId: string, eventType: string) {
  return until(async () => {
    const page = await h.call('GET', `/v1/deliveries?webhookId=${webhookId}`);
    const delivery = (page.body.items as Array<Record<string, any>>).find(
      (item) => item.eventType === eventType && item.attempts.length > 0,
    );
    return delivery?.attempts[0] as { status: number; error: string | null } | undefined;
  });
}

describe('HTTPS-only accounts: saving a webhook URL', () => {
  it('refuses a plain http:// URL on create and update with a 400 naming the rule', async () => {
    const created = await h.call('POST', '/v1/webhooks', {
      body: { name: 'plain-create', url: 'http://hooks.example.test/in' },
    });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('INVALID_REQUEST');
    expect(created.body.error.message).toMatch(
      /plain http:\/\/ to hooks\.example\.test is not allowed: the account is HTTPS-only/,
    );
    expect(created.body.error.details).toMatchObject([{ path: 'url' }]);
    const names = (await h.call('GET', '/v1/webhooks')).body.items.map(
      (item: { name: string }) => item.name,
    );
    expect(names).not.toContain('plain-create');

    const secure = await h.call('POST', '/v1/webhooks', {
      body: { name: 'secure', url: 'https://hooks.example.test/in' },
    });
    expect(secure.status).toBe(201);
    const updated = await h.call('PUT', `/v1/webhooks/${secure.body.id as string}`, {
      body: { name: 'secure', url: 'http://hooks.example.test/in' },
    });
    expect(updated.status).toBe(400);
    expect(updated.body.error.message).toMatch(/HTTPS-only/);
    expect((await h.call('GET', `/v1/webhooks/${secure.body.id as string}`)).body.url).toBe(
      'https://hooks.example.test/in',
    );
  });

  it('accepts http:// to an allow-listed host, and any http:// once the account allows it', async () => {
    const allowListed = await h.call('POST', '/v1/webhooks', {
      body: { name: 'allow-listed', url: receiver.url('/in') },
    });
    expect(allowListed.status).toBe(201);
    await allowPlainHttp(true, h.keyB);
    const plain = await h.call('POST', '/v1/webhooks', {
      body: { name: 'plain-ok', url: 'http://hooks.example.test/in' },
      key: h.keyB,
    });
    expect(plain.status).toBe(201);
  });
});

describe('HTTPS-only accounts: requests that leave', () => {
  it('blocks every request of a plain http:// webhook saved before the account became HTTPS-only', async () => {
    await allowPlainHttp(true);
    const webhook = await h.call('POST', '/v1/webhooks', {
      body: { name: 'plain', url: plainUrl, isDefault: true },
    });
    expect(webhook.status).toBe(201);
    const id = webhook.body.id as string;
    // While the account allows plain HTTP, the check arrives.
    const reached = await h.call('POST', `/v1/webhooks/${id}/check`);
    expect(reached.body).toMatchObject({ ok: true, status: 200 });
    expect(receiver.received('/plain')).toHaveLength(1);

    await allowPlainHttp(false);
    // Check: one attempt, recorded with the reason, nothing sent.
    const check = await h.call('POST', `/v1/webhooks/${id}/check`);
    expect(check.body).toMatchObject({ reachable: false, ok: false, status: 0 });
    expect(check.body.error).toMatch(/^BLOCKED_DESTINATION: /);
    expect(check.body.error).toMatch(REFUSED);

    // Flow end delivery.
    const flow = {
      name: 'Ends',
      start: 'bye',
      settings: { flowEndWebhook: true },
      widgets: { bye: { type: 'hangup' } },
    };
    const flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
    await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, { body: {} });
    const flowEnd = await firstAttemptOf(id, 'flow.completed');
    expect(flowEnd.status).toBe(0);
    expect(flowEnd.error).toMatch(/^BLOCKED_DESTINATION: /);
    expect(flowEnd.error).toMatch(REFUSED);

    // An internal function's event (directDialPause -> agent.paused).
    const agent = (await h.call('POST', '/v1/agents', { body: { name: 'Ada', extension: '7' } }))
      .body;
    const pause = {
      name: 'pause',
      start: 'call',
      widgets: {
        call: {
          type: 'webhook',
          config: {
            mode: 'internal',
            function: 'directDialPause',
            inputs: { agentId: agent.id, pause: 'true' },
          },
          lines: [null, null],
        },
      },
    };
    const pauseId = (await h.call('POST', '/v1/flows', { body: pause })).body.id as string;
    await h.call('POST', `/v1/flows/${pauseId}/executions?wait=true`, { body: {} });
    const event = await firstAttemptOf(id, 'agent.paused');
    expect(event.error).toMatch(REFUSED);

    // Webhook widgets, saved and custom, in widget tests.
    for (const config of [
      { mode: 'saved', webhook: 'plain' },
      { request: { method: 'POST', url: plainUrl } },
    ]) {
      const test = await h.call('POST', '/v1/widget-tests', { body: { config } });
      expect(test.body.line).toBe(1);
      expect(test.body.variables['$flow.key.error_reason']).toBe('BLOCKED_DESTINATION');
      expect(test.body.response.error).toMatch(REFUSED);
    }
    expect(receiver.received('/plain')).toHaveLength(1);
  });
});
