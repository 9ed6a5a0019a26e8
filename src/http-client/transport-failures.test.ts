import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestinationPolicy } from './destination-policy.js';
import { createHttpClient } from './http-client.js';
import { closedPort, startLoopbackServer, type LoopbackServer } from './testing/loopback-server.js';
import type { HttpClient } from './types.js';

let server: LoopbackServer;
let http: HttpClient;

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    if (request.url === '/slow-body') {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.write('first part');
    }
    // Anything else never answers.
  });
  http = createHttpClient({
    maxResponseBytes: 1024 * 1024,
    policy: createDestinationPolicy([`127.0.0.1:${server.port}`]),
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

const get = (path: string, timeoutMs: number) =>
  http.send({ method: 'GET', url: server.url(path), headers: [] }, { timeoutMs });

describe('timeout and connection errors', () => {
  it('a server that never answers ends as TIMEOUT with status 0', async () => {
    const outcome = await get('/hang', 300);
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'TIMEOUT', status: 0 });
    expect(outcome.attempts).toMatchObject([{ attempt: 1, status: 0, reason: 'TIMEOUT' }]);
  });

  it('a body that stops arriving ends as TIMEOUT with the status seen', async () => {
    expect(await get('/slow-body', 300)).toMatchObject({
      kind: 'failure',
      reason: 'TIMEOUT',
      status: 200,
    });
  });

  it('a refused connection is CONNECTION_ERROR', async () => {
    const port = await closedPort();
    const refused = createHttpClient({
      maxResponseBytes: 1024 * 1024,
      policy: createDestinationPolicy([`127.0.0.1:${port}`]),
    });
    const outcome = await refused.send(
      { method: 'GET', url: `http://127.0.0.1:${port}/`, headers: [] },
      { timeoutMs: 5_000 },
    );
    await refused.close();
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'CONNECTION_ERROR', status: 0 });
    if (outcome.kind === 'failure') expect(outcome.message).toContain('ECONNREFUSED');
  });

  it('a DNS failure is CONNECTION_ERROR', async () => {
    const failing = createHttpClient({
      maxResponseBytes: 1024 * 1024,
      policy: createDestinationPolicy([]),
      resolve: () =>
        Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })),
    });
    const outcome = await failing.send(
      { method: 'GET', url: 'http://nowhere.test/', headers: [] },
      { timeoutMs: 5_000 },
    );
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'CONNECTION_ERROR' });
    if (outcome.kind === 'failure') expect(outcome.message).toContain('could not be resolved');
  });

  it('an already aborted signal sends nothing', async () => {
    const before = server.received.length;
    const outcome = await http.send(
      { method: 'POST', url: server.url('/hang'), headers: [], body: 'x' },
      { timeoutMs: 5_000, signal: AbortSignal.abort() },
    );
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'CONNECTION_ERROR', status: 0 });
    expect(server.received.length).toBe(before);
  });

  it('a caller abort ends the request without retrying', async () => {
    const controller = new AbortController();
    setTimeout(() => {
      controller.abort();
    }, 50);
    const outcome = await http.send(
      { method: 'GET', url: server.url('/hang'), headers: [] },
      {
        timeoutMs: 10_000,
        signal: controller.signal,
        retry: { attempts: 3, on: ['timeout', 'connection'] },
      },
    );
    expect(outcome).toMatchObject({
      kind: 'failure',
      reason: 'CONNECTION_ERROR',
      message: 'the request was cancelled',
    });
    expect(outcome.attempts).toHaveLength(1);
  });
});
