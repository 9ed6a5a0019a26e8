/**
 * docs/voice.md: a voice platform (simulated: form webhooks as Twilio posts them, TwiML
 * parsed as XML) drives a call through play → webhook → input → decision → hangup.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, startReceiver, type Receiver } from '../e2e/support/receiver.js';
import { startHarness, until, type ApiHarness } from './harness.js';
import { signTwilio, SimulatedCall, type Verb } from './voice-platform.js';

let h: ApiHarness;
let receiver: Receiver;
let flowId: string;
let voiceUrl: string;

const NAME = 'Ada <Say>& "Co" </Say><Hangup/>';

function callFlow() {
  return {
    name: 'Voice',
    start: 'greet',
    settings: { flowEndWebhook: true },
    widgets: {
      greet: { type: 'play', config: { text: 'Welcome' }, lines: ['lookup'] },
      lookup: {
        type: 'webhook',
        config: {
          mode: 'custom',
          request: { method: 'POST', url: receiver.url('/customer'), bodyType: 'json', body: '{}' },
          response: { type: 'json', mappings: [{ saveIn: '$flow.key.name', path: 'data.name' }] },
          holdMusic: { enabled: true },
        },
        lines: ['ask', 'ask'],
      },
      ask: {
        type: 'input',
        config: {
          prompt: 'Hello $flow.key.name, your code?',
          maxDigits: 2,
          timeoutSeconds: 30,
          saveIn: '$flow.key.code',
        },
        lines: ['check', 'bye'],
      },
      check: {
        type: 'decision',
        config: { conditions: [{ variable: '$flow.key.code', operator: 'equals', value: '42' }] },
        lines: ['right', 'bye'],
      },
      right: { type: 'play', config: { text: 'Right, $flow.key.name' }, lines: ['bye'] },
      bye: { type: 'hangup' },
    },
  };
}

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.handle('/customer', (_request, response) => {
    answer(response, 200, JSON.stringify({ name: NAME }));
  });
  h = await startHarness({ HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1' });
  await h.call('PUT', '/v1/account/settings', {
    body: { allowPlainHttp: true, apiIpAllowList: [] },
  });
  await h.call('POST', '/v1/webhooks', {
    body: { name: 'ends', url: 'https://example.invalid/ends', isDefault: true },
  });
  const created = await h.call('POST', '/v1/flows', { body: callFlow() });
  expect(created.body).toMatchObject({ id: expect.any(String) });
  flowId = created.body.id as string;
  const made = await h.call('POST', `/v1/flows/${flowId}/voice-url`);
  expect(made.status).toBe(201);
  voiceUrl = made.body.url as string;
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

const names = (verbs: Verb[]) => verbs.map((verb) => verb.name);

let calls = 0;
function twilioCall(): SimulatedCall {
  calls += 1;
  return new SimulatedCall(h, {
    CallSid: `CA0123456789abcdef${calls}`,
    From: '+15550100',
    To: '+15550199',
    Direction: 'inbound',
  });
}

describe('voice webhook (TwiML)', () => {
  it('drives a call: Say, Gather with the escaped name, the digits, Say, Hangup', async () => {
    expect(voiceUrl).toMatch(/^http:\/\/hookline\.test\/voice\/[A-Za-z0-9_-]{43}$/);
    const call = twilioCall();
    const first = await call.post(voiceUrl);
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('text/xml');
    expect(names(first.verbs)).toEqual(['Say', 'Gather', 'Redirect']);
    expect(first.verbs[0]?.text).toBe('Welcome');
    const gather = first.verbs[1]!;
    expect(gather.attributes).toMatchObject({
      numDigits: '2',
      timeout: '30',
      finishOnKey: '#',
      method: 'POST',
    });
    expect(gather.attributes['action']).toMatch(/^http:\/\/hookline\.test\/voice\/.+\?execution=/);
    // The customer's name is text inside <Say>, not TwiML.
    expect(gather.children.map((verb) => verb.name)).toEqual(['Say']);
    expect(gather.children[0]?.text).toBe(`Hello ${NAME}, your code?`);

    const second = await call.follow(first, '42');
    expect(names(second.verbs)).toEqual(['Say', 'Hangup']);
    expect(second.verbs[0]?.text).toBe(`Right, ${NAME}`);

    const executionId = new URL(gather.attributes['action']!).searchParams.get('execution');
    const read = (await h.call('GET', `/v1/executions/${executionId}`)).body;
    expect(read).toMatchObject({
      status: 'completed',
      path: ['greet', 'lookup', 'ask', 'check', 'right', 'bye'],
    });
    expect(read.variables).toMatchObject({
      '$flow.syskey.callSid': call.fields['CallSid'],
      '$flow.syskey.from': '+15550100',
      '$flow.syskey.to': '+15550199',
      '$flow.syskey.direction': 'inbound',
    });
    const deliveries = await h.call('GET', `/v1/deliveries?executionId=${executionId}`);
    const { data } = deliveries.body.items[0].payload;
    expect(data.callDetails[0]).toMatchObject({ startTime: read.startTime, endTime: read.endTime });
  });

  it('takes the no-input line when the Gather posts no digits', async () => {
    const call = twilioCall();
    const first = await call.post(voiceUrl);
    const next = await call.follow(first);
    expect(names(next.verbs)).toEqual(['Hangup']);
    // The same action again: the execution has ended, the answer is still TwiML.
    const again = await call.follow(first);
    expect(names(again.verbs)).toEqual(['Hangup']);
  });

  it('while a webhook widget waits: its hold music and a Redirect, then what came next once it answered', async () => {
    const held: ServerResponse[] = [];
    receiver.handle('/slow', (_request, response) => held.push(response));
    const slow = callFlow();
    slow.widgets.lookup.config.request.url = receiver.url('/slow');
    const hold = 'https://cdn.example/hold.mp3?a=1&b=2';
    Object.assign(slow.widgets.lookup.config.holdMusic, { audio: hold });
    const created = await h.call('POST', '/v1/flows', { body: slow });
    const url = (await h.call('POST', `/v1/flows/${created.body.id}/voice-url`)).body.url as string;
    const call = twilioCall();
    const holding = await call.post(url);
    expect(names(holding.verbs)).toEqual(['Play', 'Redirect']);
    expect(holding.verbs[0]).toMatchObject({ attributes: { loop: '1' }, text: hold });
    await until(() => (held.length === 1 ? true : undefined));
    answer(held[0]!, 200, JSON.stringify({ name: 'Bo' }));
    const next = await call.follow(holding);
    expect(names(next.verbs)).toEqual(['Say', 'Gather', 'Redirect']);
    expect(next.verbs[0]?.text).toBe('Welcome');
    expect(next.verbs[1]?.children[0]?.text).toBe('Hello Bo, your code?');
  });

  it('keeps voice and trigger tokens apart: neither opens the other URL', async () => {
    const voiceToken = voiceUrl.slice(voiceUrl.lastIndexOf('/') + 1);
    const asTrigger = await h.call('POST', `/t/${voiceToken}`, { key: null, body: {} });
    expect(asTrigger.status).toBe(404);
    const made = await h.call('POST', `/v1/flows/${flowId}/trigger-url`);
    const triggerToken = (made.body.url as string).slice(
      (made.body.url as string).lastIndexOf('/') + 1,
    );
    expect((await twilioCall().post(`http://hookline.test/voice/${triggerToken}`)).status).toBe(
      404,
    );
  });

  it('refuses bad webhooks with a 4xx and starts nothing', async () => {
    const call = twilioCall();
    const before = (await h.call('GET', '/v1/executions')).body.items.length as number;
    expect((await call.post(`${voiceUrl}x`)).status).toBe(404);
    expect((await call.post(voiceUrl, { CallSid: '<x>' })).status).toBe(400);
    expect((await call.post(voiceUrl, { Digits: 'abc' })).status).toBe(400);
    const huge = await call.post(voiceUrl, { Junk: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    const first = await call.post(voiceUrl);
    const action = first.verbs[1]!.attributes['action']!;
    expect((await call.post(action.replace(/seen=\d+/, 'seen=x'))).status).toBe(400);
    expect((await call.post(action.replace(/execution=[^&]+/, 'execution=nope'))).status).toBe(404);
    // The first webhook again (the platform had no answer): the same call, not a second one.
    const again = await call.post(voiceUrl);
    expect(again.verbs[1]!.attributes['action']).toBe(action);
    const after = (await h.call('GET', '/v1/executions')).body.items.length as number;
    expect(after).toBe(before + 1);
  });

  it('checks X-Twilio-Signature once an auth token is set: a wrong or missing one is a 403', async () => {
    const token = 'twilio-auth-token-0123456789abcdef';
    const set = await h.call('PUT', '/v1/account/voice', { body: { authToken: token } });
    expect(set).toEqual({ status: 200, body: { authTokenSet: true } });
    // Sealed at rest, never in an API read.
    const stored = await h.storage.accounts.getAccount(h.accountA);
    expect(stored?.settings.voiceAuthToken).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify((await h.call('GET', '/v1/account')).body)).not.toContain('v1:');
    // A settings change keeps it.
    await h.call('PATCH', '/v1/account/settings', { body: { allowPlainHttp: true } });

    const before = (await h.call('GET', '/v1/executions')).body.items.length as number;
    const call = twilioCall();
    expect((await call.post(voiceUrl)).status).toBe(403);
    call.authToken = 'another-token';
    expect((await call.post(voiceUrl)).status).toBe(403);
    call.authToken = token;
    call.forge = signTwilio(token, voiceUrl, { ...call.fields, From: '+15550666' });
    expect((await call.post(voiceUrl)).status).toBe(403);
    expect((await h.call('GET', '/v1/executions')).body.items.length).toBe(before);

    call.forge = undefined;
    const first = await call.post(voiceUrl);
    expect(names(first.verbs)).toEqual(['Say', 'Gather', 'Redirect']);
    expect(names((await call.follow(first, '42')).verbs)).toEqual(['Say', 'Hangup']);

    // A token sealed with another secret key: refused, not a 500.
    const account = (await h.storage.accounts.getAccount(h.accountA))!;
    const foreign = {
      ...account.settings,
      voiceAuthToken: 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    };
    await h.storage.accounts.updateAccountSettings(h.accountA, foreign);
    expect((await call.post(voiceUrl)).status).toBe(403);

    const removed = await h.call('PUT', '/v1/account/voice', { body: { authToken: null } });
    expect(removed.body).toEqual({ authTokenSet: false });
    expect((await twilioCall().post(voiceUrl)).status).toBe(200);
    expect((await h.call('PUT', '/v1/account/voice', { body: { authToken: '' } })).status).toBe(
      400,
    );
  });

  it('the status callback ends a waiting call with its duration and recording', async () => {
    const made = await h.call('POST', `/v1/flows/${flowId}/voice-url`);
    expect(made.body.statusCallbackUrl).toBe(`${made.body.url}/status`);
    const call = new SimulatedCall(h, {
      CallSid: 'CA-status-1',
      From: '+15550100',
      To: '+15550199',
    });
    const first = await call.post(made.body.url);
    expect(names(first.verbs)).toEqual(['Say', 'Gather', 'Redirect']);
    const action = new URL(first.verbs[1]!.attributes['action']!);
    const executionId = action.searchParams.get('execution')!;

    const status = await call.post(made.body.statusCallbackUrl, {
      CallStatus: 'completed',
      CallDuration: '37',
      RecordingUrl: 'https://api.twilio.example/Recordings/RE1',
    });
    expect(status.status).toBe(200);
    expect(status.verbs).toEqual([]);
    const read = (await h.call('GET', `/v1/executions/${executionId}`)).body;
    expect(read).toMatchObject({ status: 'completed', endReason: 'callerHangup' });
    const deliveries = await h.call('GET', `/v1/deliveries?executionId=${executionId}`);
    const { data } = deliveries.body.items[0].payload;
    expect(data.callDetails[0].duration).toBe(37);
    expect(data.recordingUrls).toEqual(['https://api.twilio.example/Recordings/RE1']);

    // Again, or for a call it does not know: answered, nothing happens.
    expect((await call.post(made.body.statusCallbackUrl, { CallStatus: 'completed' })).status).toBe(
      200,
    );
    const bad = await call.post(made.body.statusCallbackUrl, { CallDuration: '-1' });
    expect(bad.status).toBe(400);
  });
});
