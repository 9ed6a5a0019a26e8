import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

const flow = {
  name: 'Store and say',
  start: 'save',
  widgets: {
    save: {
      type: 'store',
      config: { variables: [{ key: 'greeting', value: 'Hi $flow.key.name' }] },
      lines: ['say'],
    },
    say: {
      type: 'play',
      config: { text: '$flow.key.greeting from $flow.syskey.from' },
      lines: ['bye'],
    },
    bye: { type: 'hangup' },
  },
};

let h: ApiHarness;
let flowId: string;
beforeAll(async () => {
  h = await startHarness();
  flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
});
afterAll(async () => {
  await h.close();
});

describe('executions API', () => {
  it('starts an execution and answers when it has ended with ?wait=true', async () => {
    const response = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
      body: { from: '+15550001', to: '+15550002', variables: { name: 'Ada' } },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      flowId,
      flowVersion: 1,
      status: 'completed',
      endReason: 'hangup',
      direction: 'api',
      path: ['save', 'say', 'bye'],
      events: [{ type: 'play', text: 'Hi Ada from +15550001' }, { type: 'hangup' }],
    });
    expect(response.body.variables['$flow.key.greeting']).toBe('Hi Ada');
    expect(response.body.steps).toHaveLength(3);
  });

  it('starts asynchronously and the execution can be read and listed', async () => {
    const started = await h.call('POST', `/v1/flows/${flowId}/executions`, { body: {} });
    expect(started.status).toBe(201);
    expect(['queued', 'running', 'completed']).toContain(started.body.status);
    const id = started.body.id as string;
    let read = await h.call('GET', `/v1/executions/${id}`);
    for (let i = 0; i < 100 && read.body.status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      read = await h.call('GET', `/v1/executions/${id}`);
    }
    expect(read.body).toMatchObject({ id, status: 'completed', endReason: 'hangup' });
    const list = await h.call('GET', `/v1/executions?flowId=${flowId}&status=completed`);
    expect(list.body.items[0].id).toBe(id);
    expect((await h.call('GET', `/v1/executions/${id}`, { key: h.keyB })).status).toBe(404);
    expect((await h.call('GET', '/v1/executions', { key: h.keyB })).body.items).toEqual([]);
  });

  it('refuses bad input with the envelope', async () => {
    const bad = await h.call('POST', `/v1/flows/${flowId}/executions`, {
      body: { variables: { 'not a name': 1 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toMatch(/^variables/);
    expect((await h.call('POST', '/v1/flows/flow_nope/executions', { body: {} })).status).toBe(404);
    expect((await h.call('GET', '/v1/executions?status=bogus')).status).toBe(400);
  });
});
