/**
 * docs/server.md "Live executions": a caller who hangs up while the execution is running
 * (here: its webhook widget waits for a slow receiver) ends it `callerHangup` at once; the
 * request in flight is cancelled and onFlowComplete still runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hold, startReceiver, type Receiver } from '../e2e/support/receiver.js';
import { startHarness, until, type ApiHarness } from './harness.js';

let h: ApiHarness;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  receiver.handle('/slow', hold);
  h = await startHarness({ HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1' });
  const settings = await h.call('PUT', '/v1/account/settings', {
    body: { allowPlainHttp: true, apiIpAllowList: [] },
  });
  expect(settings.status).toBe(200);
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

describe('hangup of a running execution', () => {
  it('ends it callerHangup, cancels the request in flight and runs onFlowComplete', async () => {
    const flow = {
      name: 'Slow',
      start: 'call',
      onFlowComplete: 'done',
      widgets: {
        call: {
          type: 'webhook',
          config: {
            mode: 'custom',
            request: { method: 'POST', url: receiver.url('/slow'), bodyType: 'json', body: '{}' },
            response: { type: 'json', mappings: [] },
            timeoutSeconds: 60,
          },
          lines: ['bye', 'bye'],
        },
        bye: { type: 'hangup' },
        done: {
          type: 'store',
          config: { variables: [{ key: 'done', value: 'yes' }] },
          lines: [],
        },
      },
    };
    const flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
    const started = await h.call('POST', `/v1/flows/${flowId}/executions`);
    expect(started.body.status).toBe('running');
    await until(() => (receiver.received('/slow').length === 1 ? true : undefined));

    const hungUp = await h.call('POST', `/v1/executions/${started.body.id}/hangup?wait=true`);
    expect(hungUp.status).toBe(200);
    expect(hungUp.body).toMatchObject({
      status: 'completed',
      endReason: 'callerHangup',
      path: ['call', 'done'],
    });
    expect(hungUp.body.variables['$flow.key.done']).toBe('yes');
    const read = (await h.call('GET', `/v1/executions/${started.body.id}`)).body;
    const types = read.eventLog.map((e: { type: string }) => e.type);
    expect(types).toContain('hangup');
    expect(types.at(-1)).toBe('end');
    expect((await h.call('POST', `/v1/executions/${started.body.id}/hangup`)).status).toBe(409);
  });
});
