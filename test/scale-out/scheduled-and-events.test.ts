/**
 * Scale-out (docs/adr/0009-queue-and-signals.md): an outbound execution scheduled by an API
 * process starts on a worker at its due time (a delayed job), and an event stream on the
 * API process is woken by the events the worker stores (a signal), not by its poll.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, startReceiver, type Receiver } from '../e2e/support/receiver.js';
import { startCluster, until, type Cluster, type Member } from './cluster.js';

let cluster: Cluster;
let api: Member;
let receiver: Receiver;
const held: ServerResponse[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  // Held until the test lets it go: the run is mid-way while the stream waits.
  receiver.handle('/slow', (_request, response) => {
    held.push(response);
  });
  cluster = await startCluster();
  api = await cluster.add({ worker: false });
  await cluster.add({ worker: true });
}, 60_000);
afterAll(async () => {
  await cluster.close();
  await receiver.close();
}, 30_000);

const HANGS_UP = { name: 'Bye', start: 'bye', widgets: { bye: { type: 'hangup' } } };

describe('work handed over through Redis', () => {
  it('starts a scheduled outbound execution on the worker at its due time', async () => {
    const created = await api.call('POST', '/v1/flows', HANGS_UP);
    const account = await api.storage.accounts.getAccount(cluster.accountId);
    const flow = await api.storage.flows.getFlow(cluster.accountId, created.body.id as string);
    if (!account || !flow) throw new Error('the account or the flow was not stored');
    const due = new Date(Date.now() + 1500);
    const [scheduled] = await api.core.executions.schedule(account, flow, ['+15550009'], due);
    const id = scheduled?.id ?? '';
    const early = await api.call('GET', `/v1/executions/${id}`);
    expect(early.body.status).toBe('queued');
    const ended = await until(
      () => api.call('GET', `/v1/executions/${id}`),
      (read) => read.body.status === 'completed',
    );
    expect(Date.parse(ended.body.startTime as string)).toBeGreaterThanOrEqual(due.getTime() - 50);
    // Started by a worker at its due time (generous on a loaded machine; not a speed test).
    expect(Date.parse(ended.body.startTime as string)).toBeLessThan(due.getTime() + 10_000);
    expect(api.core.executions.inFlight).toBe(0);
  });

  it("wakes the API process's event stream when the worker stores events", async () => {
    const created = await api.call('POST', '/v1/flows', {
      name: 'Calls',
      start: 'call',
      widgets: {
        call: {
          type: 'webhook',
          config: {
            mode: 'custom',
            request: { method: 'POST', url: receiver.url('/slow'), bodyType: 'json', body: '{}' },
            response: { type: 'json', mappings: [] },
            timeoutSeconds: 10,
          },
          lines: ['bye', 'bye'],
        },
        bye: { type: 'hangup' },
      },
    });
    const started = await api.call('POST', `/v1/flows/${created.body.id as string}/executions`, {});
    const id = started.body.id as string;
    // Without the signal only the 20 s timeout would end this.
    const woken = api.core.executions.events.next(id, 20_000, new AbortController().signal);
    await until(
      () => held.length,
      (count) => count === 1,
    );
    const before = Date.now();
    for (const response of held) answer(response, 200, '{}');
    await woken;
    expect(Date.now() - before).toBeLessThan(15_000);
    const ended = await until(
      () => api.call('GET', `/v1/executions/${id}`),
      (read) => read.body.status === 'completed',
    );
    expect(ended.body.path).toEqual(['call', 'bye']);
  });
});
