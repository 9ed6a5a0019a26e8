/**
 * Losing Redis delays work, never loses it (docs/adr/0009-queue-and-signals.md): every key
 * under the prefix is deleted in the middle of a run (what FLUSHALL or a Redis restarted
 * empty does), and the sweeper enqueues the rows again from PostgreSQL. Every execution
 * ends, and every flow end webhook reaches the receiver once, with its stored `webhook-id`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, startReceiver, webhookIdOf, type Receiver } from '../e2e/support/receiver.js';
import { startCluster, until, type Cluster, type Member } from './cluster.js';

let cluster: Cluster;
let api: Member;
let worker: Member;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  // Each run holds its slot a while, so jobs wait in Redis when the keys go.
  receiver.handle('/slow', (_request, response) => {
    setTimeout(() => {
      answer(response, 200, '{}');
    }, 150);
  });
  cluster = await startCluster();
  api = await cluster.add({ worker: false });
  worker = await cluster.add({ worker: true, env: { HOOKLINE_EXECUTION_CONCURRENCY: '2' } });
}, 60_000);
afterAll(async () => {
  await cluster.close();
  await receiver.close();
}, 30_000);

const callingFlow = (url: string) => ({
  name: 'Calls',
  start: 'call',
  settings: { flowEndWebhook: true },
  widgets: {
    call: {
      type: 'webhook',
      config: {
        mode: 'custom',
        request: { method: 'POST', url, bodyType: 'json', body: '{"n": 1}' },
        response: { type: 'json', mappings: [] },
        timeoutSeconds: 10,
      },
      lines: ['bye', 'bye'],
    },
    bye: { type: 'hangup' },
  },
});

async function start(flowId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const started = await api.call('POST', `/v1/flows/${flowId}/executions`, {});
    expect(started.status).toBe(201);
    ids.push(started.body.id as string);
  }
  return ids;
}

describe('every key under the prefix deleted mid-run', () => {
  it('ends every execution and delivers every flow end webhook once', async () => {
    const hook = await api.call('POST', '/v1/webhooks', {
      name: 'events',
      url: receiver.url('/events'),
      isDefault: true,
    });
    expect(hook.status).toBe(201);
    const flow = await api.call('POST', '/v1/flows', callingFlow(receiver.url('/slow')));
    expect(flow.status).toBe(201);
    const flowId = flow.body.id as string;

    const before = await start(flowId, 12);
    await until(
      () => receiver.received('/slow').length,
      (count) => count >= 1,
    );
    expect(await cluster.redis.deleteAll()).toBeGreaterThan(0);
    // The jobs are gone while their rows are still queued in the store.
    const stats = await api.redis.queue.stats();
    expect(stats.find((entry) => entry.kind === 'execution')?.waiting).toBe(0);
    const unfinished = await api.storage.executions.listUnfinishedExecutions(100);
    expect(unfinished.filter((row) => row.status === 'queued').length).toBeGreaterThan(0);

    // The queue still takes new work after the keys went.
    const after = await start(flowId, 4);
    const ids = [...before, ...after];

    for (const id of ids) {
      const ended = await until(
        () => api.call('GET', `/v1/executions/${id}`),
        (read) => read.body.status === 'completed' || read.body.status === 'failed',
        30_000,
      );
      expect(ended.body).toMatchObject({ status: 'completed', endReason: 'hangup' });
    }
    const stored: string[] = [];
    for (const id of ids) {
      const deliveries = await until(
        () => api.call('GET', `/v1/deliveries?executionId=${id}`),
        (read) => read.body.items?.[0]?.status === 'succeeded',
        30_000,
      );
      expect(deliveries.body.items).toHaveLength(1);
      stored.push(deliveries.body.items[0].webhookMessageId as string);
    }
    const received = receiver.received('/events').map(webhookIdOf);
    expect(new Set(received)).toEqual(new Set(stored));
    expect(new Set(stored).size).toBe(ids.length);
    expect(receiver.received('/slow')).toHaveLength(ids.length);
    expect(worker.core.executions.inFlight).toBe(0);
  }, 60_000);
});
