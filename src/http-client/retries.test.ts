import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDestinationPolicy } from './destination-policy.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import {
  startLoopbackServer,
  type LoopbackServer,
  type ReceivedRequest,
} from './testing/loopback-server.js';
import type { HttpClient, RetryPolicy } from './types.js';

/** Per test: the statuses the server answers with, in order (the last one repeats). */
let script: Array<{ status: number; headers?: Record<string, string>; hang?: boolean }> = [];
let server: LoopbackServer;
let waits: number[] = [];
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((_request, response) => {
    const step = script[Math.min(server.received.length - 1, script.length - 1)];
    if (step === undefined || step.hang === true) return;
    response.writeHead(step.status, step.headers ?? {}).end(`answer ${server.received.length}`);
  });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
  waits = [];
});

/** A client with tiny backoff and real timers. */
function realClient(extra: Partial<HttpClientOptions> = {}): HttpClient {
  const created = createHttpClient({
    maxResponseBytes: 1024 * 1024,
    policy: createDestinationPolicy([`127.0.0.1:${server.port}`]),
    backoffBaseMs: 10,
    backoffCapMs: 40,
    random: () => 1,
    ...extra,
  });
  clients.push(created);
  return created;
}

/** Like realClient, with fixed ids and waits recorded (and slept, scaled down to 20 ms at most). */
function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  return realClient({
    newId: () => 'generated-key',
    sleep: async (ms) => {
      waits.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
    },
    ...extra,
  });
}

const ALL: RetryPolicy = { attempts: 5, on: ['429', '5xx', 'timeout', 'connection'] };
const keys = (requests: ReceivedRequest[]) => requests.map((r) => r.headers['idempotency-key']);

describe('retries (docs/webhook-widget.md retry)', () => {
  it('500, 500, 200 -> the 200 after 3 attempts, the same Idempotency-Key on each POST', async () => {
    script = [{ status: 500 }, { status: 500 }, { status: 200 }];
    const outcome = await client().send(
      { method: 'POST', url: server.url('/orders'), headers: [], body: '{"a":1}' },
      { timeoutMs: 5_000, retry: { attempts: 3, on: ['5xx'] } },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 200, bodyText: 'answer 3' });
    expect(outcome.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(keys(server.received)).toEqual(['generated-key', 'generated-key', 'generated-key']);
    expect(server.received.map((r) => r.body.toString('utf8'))).toEqual([
      '{"a":1}',
      '{"a":1}',
      '{"a":1}',
    ]);
    expect(waits).toEqual([10, 20]);
  });

  it('uses the UUID generator once per send and keeps a caller-given key', async () => {
    script = [{ status: 503 }, { status: 200 }];
    await realClient().send(
      { method: 'PUT', url: server.url('/'), headers: [], body: 'x' },
      { timeoutMs: 5_000, retry: { attempts: 1, on: ['5xx'] } },
    );
    const [first, second] = keys(server.received);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).toBe(first);
    server.received.length = 0;
    await client().send(
      { method: 'POST', url: server.url('/'), headers: [['Idempotency-Key', 'mine']], body: 'x' },
      { timeoutMs: 5_000, retry: { attempts: 1, on: ['5xx'] } },
    );
    expect(keys(server.received)).toEqual(['mine', 'mine']);
  });

  it('adds no Idempotency-Key to GET or to a send that cannot retry', async () => {
    script = [{ status: 200 }];
    await client().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 5_000, retry: ALL },
    );
    await client().send(
      { method: 'POST', url: server.url('/'), headers: [], body: 'x' },
      { timeoutMs: 5_000 },
    );
    expect(keys(server.received)).toEqual([undefined, undefined]);
  });

  it('honours Retry-After on a 429 instead of the backoff', async () => {
    script = [{ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }];
    const outcome = await client().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 5_000, retry: { attempts: 2, on: ['429'] } },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
    expect(waits).toEqual([1000]);
  });

  it('really waits the Retry-After with the default sleep', async () => {
    script = [{ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 }];
    const outcome = await realClient().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 5_000, retry: { attempts: 1, on: ['429'] } },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
    // A lower bound only: waiting at least the second cannot flake on a slow machine.
    expect(outcome.attempts[1]).toBeDefined();
    expect(outcome.durationMs).toBeGreaterThanOrEqual(990);
  });

  it.each([400, 401, 404, 409, 422])('does not retry a %i', async (status) => {
    script = [{ status }, { status: 200 }];
    const outcome = await client().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 5_000, retry: ALL },
    );
    expect(outcome).toMatchObject({ kind: 'response', status });
    expect(server.received).toHaveLength(1);
  });

  it('retries only the categories listed in retry.on', async () => {
    script = [{ status: 500 }, { status: 200 }];
    const outcome = await client().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 5_000, retry: { attempts: 3, on: ['429'] } },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 500 });
    expect(server.received).toHaveLength(1);
  });

  it('gives up after 1 + attempts and returns the last response', async () => {
    script = [{ status: 502 }];
    const outcome = await client().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 5_000, retry: { attempts: 2, on: ['5xx'] } },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 502 });
    expect(outcome.attempts).toHaveLength(3);
  });

  it('stops when the next wait would pass the overall timeout, returning the last outcome', async () => {
    script = [{ status: 503, headers: { 'Retry-After': '30' } }, { status: 200 }];
    const outcome = await client().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 2_000, retry: ALL },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 503 });
    expect(outcome.attempts).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('keeps every attempt inside the one timeout', async () => {
    script = [{ status: 500 }];
    const http = realClient({ backoffBaseMs: 200, backoffCapMs: 200 });
    const outcome = await http.send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 500, retry: ALL },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 500 });
    expect(outcome.attempts.length).toBeGreaterThanOrEqual(1);
    expect(outcome.attempts.length).toBeLessThanOrEqual(3);
    expect(outcome.durationMs).toBeLessThan(2_000);
  });

  it('retries a timed-out attempt within the overall budget', async () => {
    script = [{ status: 0, hang: true }, { status: 200 }];
    const outcome = await client().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 10_000, attemptTimeoutMs: 200, retry: { attempts: 1, on: ['timeout'] } },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
    expect(outcome.attempts.map((a) => a.reason ?? a.status)).toEqual(['TIMEOUT', 200]);
  });

  it('shares the budget between attempts when retrying on timeout', async () => {
    script = [{ status: 0, hang: true }];
    const outcome = await client().send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 600, retry: { attempts: 1, on: ['timeout'] } },
    );
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'TIMEOUT' });
    expect(outcome.attempts.length).toBeGreaterThanOrEqual(1);
    expect(outcome.attempts.every((a) => a.reason === 'TIMEOUT')).toBe(true);
  });

  it('retries a refused connection', async () => {
    let calls = 0;
    const http = client({
      policy: createDestinationPolicy(['flaky.test']),
      resolve: () => {
        calls += 1;
        if (calls === 1)
          return Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
        return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      },
    });
    script = [{ status: 200 }];
    const outcome = await http.send(
      { method: 'GET', url: `http://flaky.test:${server.port}/`, headers: [] },
      { timeoutMs: 5_000, retry: { attempts: 2, on: ['connection'] } },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
    expect(outcome.attempts.map((a) => a.reason ?? a.status)).toEqual(['CONNECTION_ERROR', 200]);
  });
});
