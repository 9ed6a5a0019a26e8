/**
 * How executions are stored as they start and end (one write each when a run slot is free):
 * with a free slot an execution is stored `running` at once; without one it is stored
 * `queued` and marked running when a slot frees up. Without a flow end webhook, the end and
 * the privacy purge are the same write.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, startReceiver, type Receiver } from '../e2e/support/receiver.js';
import { startHarness, until, type ApiHarness } from './harness.js';

let h: ApiHarness;
let receiver: Receiver;
const held: ServerResponse[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.handle('/slow', (_request, response) => held.push(response));
  h = await startHarness({
    HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1',
    HOOKLINE_EXECUTION_CONCURRENCY: '1',
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
      config: {
        mode: 'custom',
        request: { method: 'GET', url: receiver.url('/slow') },
        response: { type: 'json', mappings: [{ saveIn: '$flow.key.answer', path: 'data.answer' }] },
      },
      lines: ['bye', 'bye'],
    },
    bye: { type: 'hangup' },
  },
});

/** Waits until `test` holds (`until` waits for a value; false is one). */
const when = (test: () => boolean | Promise<boolean>) =>
  until(async () => (await test()) || undefined);

const stored = async (id: string) => (await h.storage.executions.getExecution(h.accountA, id))!;

describe('execution slots', () => {
  it('stores an execution running when a slot is free, queued when none is, and runs it later', async () => {
    const flowId = (await h.call('POST', '/v1/flows', { body: slowFlow() })).body.id as string;
    const first = await h.call('POST', `/v1/flows/${flowId}/executions`, {
      body: { variables: { topic: 'a' } },
    });
    expect(first.body.status).toBe('running');
    expect(await stored(first.body.id as string)).toMatchObject({ status: 'running' });
    await when(() => held.length === 1);

    const second = await h.call('POST', `/v1/flows/${flowId}/executions`, { body: {} });
    expect(second.body.status).toBe('queued');
    expect(await stored(second.body.id as string)).toMatchObject({
      status: 'queued',
      startTime: null,
    });

    answer(held[0]!, 200, '{"answer": 42}');
    await when(() => held.length === 2);
    expect(await stored(second.body.id as string)).toMatchObject({ status: 'running' });
    answer(held[1]!, 200, '{"answer": 43}');
    await when(async () => (await stored(second.body.id as string)).status === 'completed');

    // No flow end webhook: the end is stored already purged; the answer had the variables.
    const ended = await stored(first.body.id as string);
    expect(ended).toMatchObject({
      status: 'completed',
      endReason: 'hangup',
      variablesPurged: true,
    });
    expect(ended.variables['$flow.key.answer']).toBeUndefined();
    expect(ended.variables['$flow.key.topic']).toBeUndefined();
    expect(ended.variables['$flow.syskey.flowId']).toBe(flowId);
    expect(receiver.received('/slow')).toHaveLength(2);
  });

  it('answers ?wait=true with every variable, while the store keeps only persisted ones', async () => {
    const flowId = (await h.call('POST', '/v1/flows', { body: slowFlow() })).body.id as string;
    const waiting = h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
      body: { variables: { topic: 'b' } },
    });
    await when(() => held.length === 3);
    answer(held[2]!, 200, '{"answer": "yes"}');
    const done = await waiting;
    expect(done.body.variables).toMatchObject({
      '$flow.key.answer': 'yes',
      '$flow.key.topic': 'b',
    });
    const kept = await stored(done.body.id as string);
    expect(kept.variablesPurged).toBe(true);
    expect(kept.variables['$flow.key.answer']).toBeUndefined();
  });
});
