import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, verifyDelivery, type Receiver } from '../e2e/support/receiver.js';
import { startHarness, until, type ApiHarness } from './harness.js';

let h: ApiHarness;
let receiver: Receiver;
let receiverUrl: string;

beforeAll(async () => {
  receiver = await startReceiver();
  receiverUrl = receiver.url('/events');
  h = await startHarness({ HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1' });
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

function internalFlow(
  fn: string,
  inputs: Record<string, string>,
  before: Record<string, unknown> = {},
) {
  const start = Object.keys(before)[0] ?? 'call';
  return {
    name: fn,
    start,
    widgets: {
      ...before,
      call: {
        type: 'webhook',
        config: { mode: 'internal', function: fn, inputs },
        lines: [null, null],
      },
    },
  };
}

async function runFlow(document: unknown, key = h.keyA, body: unknown = {}) {
  const flowId = (await h.call('POST', '/v1/flows', { body: document, key })).body.id as string;
  return (await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, { body, key })).body;
}

describe('internal functions (docs/internal-functions.md)', () => {
  it('shortURL makes a link that redirects (302) and counts clicks', async () => {
    const run = await runFlow(
      internalFlow('shortURL', { longUrl: 'https://example.test/offer?id=$flow.key.id' }),
      h.keyA,
      {
        variables: { id: '9' },
      },
    );
    const shortUrl = run.variables['$flow.key.shortUrl'] as string;
    expect(shortUrl).toMatch(/^http:\/\/hookline\.test\/s\/[\w-]{12}$/);
    expect(run.variables['$flow.key.response_status']).toBe('SUCCESS');
    const path = new URL(shortUrl).pathname;
    const redirect = await h.core.api.request(path);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://example.test/offer?id=9');
    const links = await h.call('GET', '/v1/short-links');
    expect(links.body.items[0]).toMatchObject({
      shortUrl,
      longUrl: 'https://example.test/offer?id=9',
      clicks: 1,
    });
    expect((await h.call('GET', '/v1/short-links', { key: h.keyB })).body.items).toEqual([]);
    expect((await h.core.api.request('/s/not-a-code')).status).toBe(404);

    const bad = await runFlow(internalFlow('shortURL', { longUrl: 'ftp://example.test' }));
    expect(bad.variables['$flow.key.error_reason']).toBe('INVALID_REQUEST');
  });

  it('updateUserPreferences saves the contact’s $user.key variables', async () => {
    const flow = internalFlow(
      'updateUserPreferences',
      {},
      {
        remember: {
          type: 'store',
          config: { scope: 'user', variables: [{ key: 'language', value: 'fr' }] },
          lines: ['call'],
        },
      },
    );
    const run = await runFlow(flow, h.keyA, { from: '+15557770000' });
    expect(run.variables['$flow.key.userPrefsStatus']).toBe('SUCCESS');
    expect((await h.call('GET', '/v1/contacts/+15557770000/variables')).body.variables).toEqual({
      language: 'fr',
    });
    const anonymous = await runFlow(flow);
    expect(anonymous.variables['$flow.key.userPrefsStatus']).toBe('FAILED');
    expect(anonymous.variables['$flow.key.error_reason']).toBe('INVALID_REQUEST');
  });

  it('directDialPause pauses an agent and sends a signed agent.paused event', async () => {
    const webhook = await h.call('POST', '/v1/webhooks', {
      body: { name: 'events', url: receiverUrl, isDefault: true },
    });
    const agent = (await h.call('POST', '/v1/agents', { body: { name: 'Ada', extension: '201' } }))
      .body;
    expect(agent).toMatchObject({ name: 'Ada', onBreak: false });
    const run = await runFlow(
      internalFlow('directDialPause', { agentId: agent.id, pause: 'true' }),
    );
    expect(run.variables['$flow.key.cli_pause_update']).toBe('Agent Ada is now on break');
    expect((await h.call('GET', `/v1/agents/${agent.id as string}`)).body.onBreak).toBe(true);
    const event = await until(() =>
      receiver.received().find((item) => item.body.includes('agent.paused')),
    );
    const payload = verifyDelivery(webhook.body.secret as string, event) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(payload).toMatchObject({
      type: 'agent.paused',
      data: { agentId: agent.id, onBreak: true },
    });

    const back = await runFlow(
      internalFlow('directDialPause', { agentId: agent.id, pause: 'false' }),
    );
    expect(back.variables['$flow.key.cli_pause_update']).toBe('Agent Ada is back from break');
    const unknown = await runFlow(
      internalFlow('directDialPause', { agentId: 'agent_nope', pause: 'true' }),
    );
    expect(unknown.variables['$flow.key.error_reason']).toBe('CLIENT_ERROR');
    expect(unknown.variables['$flow.key.cli_pause_update']).toContain('no agent');
    const otherAccount = await runFlow(
      internalFlow('directDialPause', { agentId: agent.id, pause: 'true' }),
      h.keyB,
    );
    expect(otherAccount.variables['$flow.key.error_reason']).toBe('CLIENT_ERROR');
    expect((await h.call('GET', `/v1/agents/${agent.id as string}`, { key: h.keyB })).status).toBe(
      404,
    );
  });

  it('createOutbound schedules outbound executions of a flow of the same account', async () => {
    const target = {
      name: 'Outbound',
      start: 'say',
      widgets: { say: { type: 'play', config: { text: 'Hello $flow.syskey.to' } } },
    };
    const targetId = (await h.call('POST', '/v1/flows', { body: target })).body.id as string;
    const run = await runFlow(
      internalFlow('createOutbound', {
        flowID: targetId,
        contactNumbers: '+15550001, not-a-number +1-555-0002',
        delayMinutes: '0',
      }),
    );
    expect(run.variables).toMatchObject({
      '$flow.key.obdResponseCode': 207,
      '$flow.key.obdInvalidNumbers': 'not-a-number',
      '$flow.key.response_status': 'SUCCESS',
    });
    const first = run.variables['$flow.key.obdPhononUUID'] as string;
    const ended = await until(async () => {
      const list = await h.call('GET', `/v1/executions?flowId=${targetId}&status=completed`);
      return list.body.items.length === 2 ? list.body.items : undefined;
    });
    expect(ended.map((item: { to: string }) => item.to).sort()).toEqual(['+15550001', '+15550002']);
    expect(ended.every((item: { direction: string }) => item.direction === 'outbound')).toBe(true);
    expect(ended.map((item: { id: string }) => item.id)).toContain(first);

    const foreignFlow = (await h.call('POST', '/v1/flows', { body: target, key: h.keyB })).body
      .id as string;
    const refused = await runFlow(
      internalFlow('createOutbound', { flowID: foreignFlow, contactNumbers: '+15550003' }),
    );
    expect(refused.variables['$flow.key.error_reason']).toBe('CLIENT_ERROR');
    expect(refused.variables['$flow.key.obdResponseCode']).toBe(404);
    expect(
      (await h.call('GET', `/v1/executions?flowId=${foreignFlow}`, { key: h.keyB })).body.items,
    ).toEqual([]);

    for (const [inputs, problem] of [
      [{ flowID: targetId, contactNumbers: '+15550001', delayMinutes: '10081' }, 'delayMinutes'],
      [{ flowID: targetId, contactNumbers: '+15550001', delayMinutes: '-1' }, 'delayMinutes'],
      [{ flowID: targetId, contactNumbers: 'nope, 12' }, 'no valid contact number'],
      [{ flowID: '', contactNumbers: '+15550001' }, 'flowID'],
    ] as const) {
      const failed = await runFlow(internalFlow('createOutbound', inputs));
      expect(failed.variables['$flow.key.error_reason']).toBe('INVALID_REQUEST');
      expect(failed.variables['$flow.key.response_status_code']).toBe(400);
      expect(String(failed.variables['$flow.key.response_raw'])).toContain(problem);
    }

    const delayed = await runFlow(
      internalFlow('createOutbound', {
        flowID: targetId,
        contactNumbers: '+15550004',
        delayMinutes: '60',
      }),
    );
    const scheduledId = delayed.variables['$flow.key.obdPhononUUID'] as string;
    expect((await h.call('GET', `/v1/executions/${scheduledId}`)).body.status).toBe('queued');
  });
});
