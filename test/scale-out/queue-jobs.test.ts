/**
 * Work through the queue in scale-out mode (docs/adr/0009-queue-and-signals.md): each
 * execution job claims its own row, so two workers split the work without a claim query per
 * job (the claim loop only polls, for rows whose job was lost); a flow end webhook due now is
 * sent by the worker that ended the execution, with no job; a retry after a failed attempt is
 * a delayed job in Redis, and the retry reaches the receiver at its due time.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../src/queue/index.js';
import {
  answer,
  startReceiver,
  statuses,
  webhookIdOf,
  type Receiver,
} from '../e2e/support/receiver.js';
import { callingFlow } from '../e2e/server/helpers.js';
import { startCluster, until, type Cluster, type Member } from './cluster.js';

let cluster: Cluster;
let api: Member;
let workers: Member[];
let receiver: Receiver;

/** The claim loop's idle poll in scale-out mode (src/app/execution-leases.ts). */
const POLL_MS = 500;

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.handle('/work', (_request, response) => {
    setTimeout(() => {
      answer(response, 200, '{}');
    }, 20);
  });
  cluster = await startCluster();
  api = await cluster.add({ worker: false });
  // The second attempt of a delivery 2 s after the first failed one (±20% jitter).
  const env = { HOOKLINE_RETRY_SCHEDULE: '0,2', HOOKLINE_EXECUTION_CONCURRENCY: '4' };
  workers = [await cluster.add({ worker: true, env }), await cluster.add({ worker: true, env })];
}, 60_000);
afterAll(async () => {
  await cluster.close();
  await receiver.close();
}, 30_000);

async function createFlow(flowEndWebhook: boolean): Promise<string> {
  const flow = await api.call('POST', '/v1/flows', {
    ...callingFlow({ url: receiver.url('/work') }),
    settings: { flowEndWebhook },
  });
  expect(flow.status).toBe(201);
  return flow.body.id as string;
}

describe('execution jobs', () => {
  it('claim their own rows on two workers; the claim loop only polls', async () => {
    const flowId = await createFlow(false);
    const byId = workers.map((worker) =>
      vi.spyOn(worker.storage.executions, 'claimQueuedExecution'),
    );
    const scans = workers.map((worker) =>
      vi.spyOn(worker.storage.executions, 'claimQueuedExecutions'),
    );
    const startedAt = Date.now();
    const ids: string[] = [];
    for (let index = 0; index < 24; index++) {
      const started = await api.call('POST', `/v1/flows/${flowId}/executions`, {});
      expect(started.status).toBe(201);
      expect(started.body.status).toBe('queued');
      ids.push(started.body.id as string);
    }
    for (const id of ids) {
      const ended = await until(
        () => api.call('GET', `/v1/executions/${id}`),
        (read) => read.body.status === 'completed' || read.body.status === 'failed',
      );
      expect(ended.body).toMatchObject({ status: 'completed', endReason: 'hangup' });
      const log = ended.body.eventLog as Array<{ type: string }>;
      expect(log.filter((event) => event.type === 'end')).toHaveLength(1);
    }
    const elapsedMs = Date.now() - startedAt;
    // Every row was claimed once, most by their own jobs (an idle poll may take a row in the
    // moment between its insert and its job's claim).
    const claimedById = (
      await Promise.all(byId.flatMap((spy) => spy.mock.results.map((result) => result.value)))
    ).filter(Boolean).length;
    const claimedByScan = (
      await Promise.all(scans.flatMap((spy) => spy.mock.results.map((result) => result.value)))
    ).flat().length;
    expect(claimedById + claimedByScan).toBe(ids.length);
    expect(claimedById).toBeGreaterThan(ids.length / 2);
    // No claim query per job or per run end: one per idle poll at most.
    for (const spy of scans) {
      expect(spy.mock.calls.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / POLL_MS) + 1);
    }
    for (const spy of [...byId, ...scans]) spy.mockRestore();
  });
});

describe('delivery jobs', () => {
  it('none for a delivery due now; a delayed one for a retry, which arrives', async () => {
    receiver.handle('/events', statuses(500, 200));
    const hook = await api.call('POST', '/v1/webhooks', {
      name: 'events',
      url: receiver.url('/events'),
      isDefault: true,
    });
    expect(hook.status).toBe(201);
    const flowId = await createFlow(true);
    const enqueued: Job[] = [];
    const spies = workers.map((worker) => {
      const queue = worker.redis.queue;
      const enqueue = queue.enqueue.bind(queue);
      return vi.spyOn(queue, 'enqueue').mockImplementation((jobs) => {
        enqueued.push(...jobs);
        return enqueue(jobs);
      });
    });

    const started = await api.call('POST', `/v1/flows/${flowId}/executions`, {});
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    await until(
      () => receiver.received('/events').length,
      (count) => count >= 1,
    );
    const firstAt = receiver.received('/events')[0]?.at ?? 0;
    const listed = await until(
      () => api.call('GET', `/v1/deliveries?executionId=${id}`),
      (read) => read.body.items?.[0]?.attemptCount === 1,
    );
    const deliveryId = listed.body.items[0].id as string;
    expect(listed.body.items[0]).toMatchObject({ status: 'pending' });

    // The retry is a delayed BullMQ job, its id the delivery's and its attempt count.
    const stats = await api.redis.queue.stats();
    expect(stats.find((entry) => entry.kind === 'delivery')).toMatchObject({
      waiting: 0,
      delayed: 1,
    });
    const redis = cluster.redis.connect();
    expect(await redis.exists(`${cluster.redis.prefix}:deliveries:${deliveryId}.1`)).toBe(1);
    const deliveryJobs = enqueued.filter((job) => job.kind === 'delivery');
    expect(deliveryJobs).toEqual([
      expect.objectContaining({ id: deliveryId, sequence: 1, runAt: expect.any(Number) }),
    ]);
    expect(deliveryJobs[0]?.runAt).toBeGreaterThan(firstAt + 1000);

    // It arrives at its due time, with the same webhook-id, and the job is gone.
    await until(
      () => receiver.received('/events').length,
      (count) => count >= 2,
    );
    const [first, second] = receiver.received('/events');
    if (!first || !second) throw new Error('two attempts expected');
    expect(webhookIdOf(second)).toBe(webhookIdOf(first));
    expect(second.at - first.at).toBeGreaterThanOrEqual(1500);
    const done = await until(
      () => api.call('GET', `/v1/deliveries?executionId=${id}`),
      (read) => read.body.items?.[0]?.status === 'succeeded',
    );
    expect(done.body.items[0]).toMatchObject({ attemptCount: 2 });
    const after = await until(
      () => api.redis.queue.stats(),
      (read) => read.every((entry) => entry.delayed === 0 && entry.waiting === 0),
    );
    expect(after.find((entry) => entry.kind === 'delivery')?.delayed).toBe(0);
    expect(receiver.received('/events')).toHaveLength(2);
    for (const spy of spies) spy.mockRestore();
  }, 30_000);
});
