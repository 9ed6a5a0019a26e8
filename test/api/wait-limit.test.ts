/**
 * HOOKLINE_MAX_WAIT_SECONDS: a `?wait=true` call (execution API and trigger URL) answers with
 * the execution as it is once the setting's hold is over.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, startReceiver, type Receiver } from '../e2e/support/receiver.js';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let receiver: Receiver;
const held: ServerResponse[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.handle('/slow', (_request, response) => held.push(response));
  h = await startHarness({
    HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1',
    HOOKLINE_MAX_WAIT_SECONDS: '1',
  });
});
afterAll(async () => {
  for (const response of held) if (!response.writableEnded) answer(response, 200, '{}');
  await h.close();
  await receiver.close();
});

const slowFlow = () => ({
  name: 'Slow',
  start: 'ask',
  widgets: {
    ask: {
      type: 'webhook',
      config: { mode: 'custom', request: { method: 'GET', url: receiver.url('/slow') } },
      lines: ['bye', 'bye'],
    },
    bye: { type: 'hangup' },
  },
});

describe('HOOKLINE_MAX_WAIT_SECONDS', () => {
  it('ends the ?wait=true hold of the execution API and of trigger URLs', async () => {
    const flowId = (await h.call('POST', '/v1/flows', { body: slowFlow() })).body.id as string;
    const started = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
      body: {},
    });
    expect(started).toMatchObject({ status: 201, body: { status: 'running' } });

    const url = (await h.call('POST', `/v1/flows/${flowId}/trigger-url`)).body.url as string;
    const triggered = await h.call('POST', `${new URL(url).pathname}?wait=true`, { key: null });
    expect(triggered).toMatchObject({ status: 200, body: { status: 'running' } });
  });
});
