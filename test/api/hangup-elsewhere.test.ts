/**
 * docs/server.md "Live executions": a hangup of a queued execution ends it at once, and one
 * of a run in another process (here a second server core on the same store) is stored and
 * noticed by the process that runs it; that run's events are read live from the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerCore } from '../../src/app/server-core.js';
import { hold, startReceiver, type Receiver } from '../e2e/support/receiver.js';
import { startCore, startHarness, until, type ApiHarness } from './harness.js';
import { callCore } from './second-process.js';

let h: ApiHarness;
let other: ServerCore;
let receiver: Receiver;
let flowId: string;

const slowFlow = () => ({
  name: 'Slow',
  start: 'greet',
  onFlowComplete: 'done',
  settings: { flowEndWebhook: true },
  widgets: {
    greet: { type: 'play', config: { text: 'Hello' }, lines: ['call'] },
    call: {
      type: 'webhook',
      config: {
        mode: 'custom',
        request: { method: 'POST', url: receiver.url('/slow'), bodyType: 'json', body: '{}' },
        response: { type: 'json', mappings: [] },
        timeoutSeconds: 60,
        holdMusic: { enabled: true, audio: 'https://cdn.example/hold.mp3' },
      },
      lines: ['bye', 'bye'],
    },
    bye: { type: 'hangup' },
    done: { type: 'store', config: { variables: [{ key: 'done', value: 'yes' }] }, lines: [] },
  },
});

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.handle('/slow', hold);
  // One run slot: a second execution started while the first runs is queued.
  h = await startHarness({
    HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1',
    HOOKLINE_EXECUTION_CONCURRENCY: '1',
  });
  // Started before any execution: its recovery finds nothing running.
  other = await startCore(h.storage);
  await h.call('PUT', '/v1/account/settings', {
    body: { allowPlainHttp: true, apiIpAllowList: [] },
  });
  await h.call('POST', '/v1/webhooks', {
    body: { name: 'ends', url: 'https://example.invalid/ends', isDefault: true },
  });
  flowId = (await h.call('POST', '/v1/flows', { body: slowFlow() })).body.id as string;
});
afterAll(async () => {
  await other.stop();
  await h.close();
  await receiver.close();
});

async function startSlow(): Promise<string> {
  const before = receiver.received('/slow').length;
  const started = await h.call('POST', `/v1/flows/${flowId}/executions`);
  expect(started.body.status).toBe('running');
  await until(() => (receiver.received('/slow').length > before ? true : undefined));
  return started.body.id as string;
}

async function readEnded(id: string): Promise<any> {
  return until(async () => {
    const read = (await h.call('GET', `/v1/executions/${id}`)).body;
    return read.status === 'completed' ? read : undefined;
  });
}

async function endWebhookOf(id: string): Promise<any> {
  const deliveries = await h.call('GET', `/v1/deliveries?executionId=${id}`);
  return deliveries.body.items[0]?.payload;
}

describe('hangup of a queued execution, and of a run in another process', () => {
  it('a run’s events are stored as they happen: another process streams them while it waits', async () => {
    const id = await startSlow();
    const response = await other.api.request(`/v1/executions/${id}/events`, {
      headers: { authorization: `Bearer ${h.keyA}` },
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: hold.start')) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the stream ended early');
      text += decoder.decode(chunk.value, { stream: true });
    }
    const events = text.match(/^event: .*$/gm)?.map((line) => line.slice(7));
    expect(events).toEqual(['play', 'step', 'hold.start']);
    expect(text).toContain('https://cdn.example/hold.mp3');
    await reader.cancel();

    // Asked of the other process: stored, and this one (running it) notices it.
    const asked = await callCore(other, h.keyA, 'POST', `/v1/executions/${id}/hangup`);
    expect(asked).toEqual({ status: 202, body: { id, status: 'hangupRequested' } });
    const ended = await readEnded(id);
    expect(ended).toMatchObject({ endReason: 'callerHangup', path: ['greet', 'call', 'done'] });
    expect(ended.variables['$flow.key.done']).toBe('yes');
    const types = ended.eventLog.map((e: { type: string }) => e.type);
    expect(types).toContain('hangup');
    expect(types.at(-1)).toBe('end');
    expect((await endWebhookOf(id)).data.endReason).toBe('callerHangup');
    // Ended: nothing to hang up.
    expect((await callCore(other, h.keyA, 'POST', `/v1/executions/${id}/hangup`)).status).toBe(409);
  });

  it('with ?wait=true the other process answers with the ended execution', async () => {
    const id = await startSlow();
    const asked = await callCore(other, h.keyA, 'POST', `/v1/executions/${id}/hangup?wait=true`);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ id, status: 'completed', endReason: 'callerHangup' });
  });

  it('a queued execution hung up ends callerHangup at once, runs onFlowComplete and sends its end', async () => {
    const first = await startSlow();
    const queued = await h.call('POST', `/v1/flows/${flowId}/executions`);
    expect(queued.body.status).toBe('queued');
    const hungUp = await h.call('POST', `/v1/executions/${queued.body.id}/hangup`);
    expect(hungUp.status).toBe(202);
    expect(hungUp.body).toMatchObject({ status: 'completed', endReason: 'callerHangup' });
    const read = (await h.call('GET', `/v1/executions/${queued.body.id}`)).body;
    expect(read).toMatchObject({ status: 'completed', endReason: 'callerHangup', path: ['done'] });
    expect(read.variables['$flow.key.done']).toBe('yes');
    // Its webhook never ran: the first execution's request is the only one in flight.
    expect(receiver.received('/slow').length).toBe(3);
    const end = await endWebhookOf(queued.body.id);
    expect(end).toMatchObject({ type: 'flow.completed' });
    expect(end.data.endReason).toBe('callerHangup');
    // The first one still runs; hung up here it ends too (and the slot is free).
    const again = await h.call('POST', `/v1/executions/${first}/hangup?wait=true`);
    expect(again.body).toMatchObject({ status: 'completed', endReason: 'callerHangup' });
  });

  it('documents the hangupRequested answer in the OpenAPI document', async () => {
    const { body } = await h.call('GET', '/v1/openapi.json', { key: null });
    const hangup = body.paths['/v1/executions/{id}/hangup'].post;
    expect(JSON.stringify(hangup.responses['202'])).toContain('hangupRequested');
    expect(hangup.responses['409'].description).toBe('the execution has ended');
  });
});
