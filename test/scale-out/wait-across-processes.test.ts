/**
 * Scale-out (docs/adr/0009-queue-and-signals.md): an API process that runs no execution
 * (`serve --no-worker`) answers `?wait=true` with the execution another process ran, as soon
 * as that process signals its end; the event stream, timeouts and scheduled starts work
 * across processes too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, until, type Cluster, type Member } from './cluster.js';

const STORING = {
  name: 'Store and hang up',
  start: 'save',
  widgets: {
    save: {
      type: 'store',
      config: { variables: [{ key: 'greeting', value: 'Hi $flow.key.name' }] },
      lines: ['bye'],
    },
    bye: { type: 'hangup' },
  },
};

const ASKING = {
  name: 'Asks',
  start: 'ask',
  widgets: {
    ask: {
      type: 'input',
      config: { prompt: 'Your number?', maxDigits: 4, timeoutSeconds: 1 },
      lines: ['got', 'none'],
    },
    got: { type: 'hangup' },
    none: { type: 'hangup' },
  },
};

let cluster: Cluster;
let api: Member;
let flowId: string;

beforeAll(async () => {
  cluster = await startCluster();
  api = await cluster.add({ worker: false });
  // Two workers take jobs from one queue.
  await cluster.add({ worker: true });
  await cluster.add({ worker: true });
  const created = await api.call('POST', '/v1/flows', STORING);
  expect(created.status).toBe(201);
  flowId = created.body.id as string;
}, 60_000);
afterAll(async () => {
  await cluster.close();
}, 30_000);

describe('two processes on one PostgreSQL database and one Redis', () => {
  it('answers ?wait=true on the API process with the execution the worker ran', async () => {
    const before = Date.now();
    const response = await api.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
      from: '+15550001',
      variables: { name: 'Ada' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      flowId,
      status: 'completed',
      endReason: 'hangup',
      path: ['save', 'bye'],
    });
    // Well within the wait limit (120 s): answered by the end's signal (or the store's re-read
    // every second when a signal is missed), not timed out.
    expect(Date.now() - before).toBeLessThan(30_000);
    // Run by the worker: the API process ran nothing.
    expect(api.core.executions.inFlight).toBe(0);
  });

  it('answers many concurrent ?wait=true calls, each with its own ended execution', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        api.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
          variables: { name: `n${index}` },
        }),
      ),
    );
    for (const response of responses) expect(response.body.status).toBe('completed');
    // Each ran once: one end in its stored log.
    for (const response of responses) {
      const read = await api.call('GET', `/v1/executions/${response.body.id as string}`);
      const log = read.body.eventLog as Array<{ type: string }>;
      expect(log.filter((event) => event.type === 'end')).toHaveLength(1);
    }
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(20);
  });

  it('answers a trigger URL called with ?wait=true on the API process', async () => {
    const made = await api.call('POST', `/v1/flows/${flowId}/trigger-url`);
    expect(made.status).toBe(201);
    const path = new URL(made.body.url as string).pathname;
    const waited = await api.call('POST', `${path}?wait=true`, { name: 'Bo' });
    expect(waited.status).toBe(200);
    expect(waited.body).toMatchObject({ status: 'completed', endReason: 'hangup' });
  });

  it('starts without waiting: the execution is queued, then ends on the worker', async () => {
    const response = await api.call('POST', `/v1/flows/${flowId}/executions`, {});
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    const ended = await until(
      () => api.call('GET', `/v1/executions/${id}`),
      (read) => read.body.status === 'completed',
    );
    expect(ended.body.path).toEqual(['save', 'bye']);
  });

  it('answers ?wait=true with the wait the worker stopped at, and the timeout goes on', async () => {
    const created = await api.call('POST', '/v1/flows', ASKING);
    const askingId = created.body.id as string;
    const before = Date.now();
    const waiting = await api.call('POST', `/v1/flows/${askingId}/executions?wait=true`, {});
    expect(waiting.body.status).toBe('waiting');
    // Answered once the worker stopped at the input, well within the wait limit (120 s).
    expect(Date.now() - before).toBeLessThan(30_000);
    const ended = await until(
      () => api.call('GET', `/v1/executions/${waiting.body.id as string}`),
      (read) => read.body.status === 'completed',
    );
    expect(ended.body.path).toEqual(['ask', 'none']);
  });

  it('does nothing for a job naming a row already taken (a duplicate is harmless)', async () => {
    const done = await api.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {});
    expect(done.body.status).toBe('completed');
    const id = done.body.id as string;
    const { accountId } = cluster;
    await api.redis.queue.enqueue([
      { kind: 'execution', id, accountId },
      { kind: 'scheduled', id, accountId },
      { kind: 'timeout', id, accountId, sequence: 0 },
    ]);
    await until(
      () => api.redis.queue.stats(),
      (stats) => stats.every((entry) => entry.waiting === 0),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const read = await api.call('GET', `/v1/executions/${id}`);
    expect(read.body).toMatchObject({ status: 'completed', endTime: done.body.endTime });
    const log = read.body.eventLog as Array<{ type: string }>;
    expect(log.filter((event) => event.type === 'end')).toHaveLength(1);
  });

  it('shows the queue depth and lag on /metrics', async () => {
    const response = await api.core.api.request('/metrics');
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('hookline_queue_depth{queue="execution",state="waiting"} 0');
    expect(text).toContain('hookline_queue_depth{queue="timeout",state="delayed"}');
    expect(text).toContain('hookline_queue_lag_seconds{queue="delivery"} 0');
  });
});
