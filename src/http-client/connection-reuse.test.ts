import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDestinationPolicy } from './destination-policy.js';
import type { Resolver } from './guarded-connector.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import type { HttpClient, HttpOutcome } from './types.js';

/** A loopback server that counts the TCP connections it accepts and the requests it answers. */
interface CountingServer {
  port: number;
  connections: number;
  /** Connections closed (by either side). */
  closed: number;
  requests: number;
  server: Server;
}

async function startCountingServer(): Promise<CountingServer> {
  const counting: CountingServer = {
    port: 0,
    connections: 0,
    closed: 0,
    requests: 0,
    server: createServer(),
  };
  counting.server.on('connection', (socket: Socket) => {
    counting.connections += 1;
    socket.on('close', () => {
      counting.closed += 1;
    });
  });
  counting.server.on('request', (request, response) => {
    counting.requests += 1;
    request.resume();
    // `/hang` never answers.
    if (request.url !== '/hang') {
      request.on('end', () => {
        response.end(`answer ${counting.requests}`);
      });
    }
  });
  await new Promise<void>((resolve) => counting.server.listen(0, '127.0.0.1', resolve));
  counting.port = (counting.server.address() as AddressInfo).port;
  return counting;
}

function stop({ server }: CountingServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

let allowed: CountingServer;
let refused: CountingServer;
const clients: HttpClient[] = [];

beforeAll(async () => {
  [allowed, refused] = await Promise.all([startCountingServer(), startCountingServer()]);
});
afterAll(() => Promise.all([stop(allowed), stop(refused)]));
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of [allowed, refused]) {
    server.server.closeAllConnections();
    server.connections = 0;
    server.closed = 0;
    server.requests = 0;
  }
});

function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  const created = createHttpClient({
    maxResponseBytes: 1024 * 1024,
    policy: createDestinationPolicy([`127.0.0.1:${allowed.port}`]),
    ...extra,
  });
  clients.push(created);
  return created;
}

const get = (http: HttpClient, url: string): Promise<HttpOutcome> =>
  http.send({ method: 'GET', url, headers: [] }, { timeoutMs: 5_000 });

/**
 * One event-loop turn. With pipelining 1, undici hands a finished keep-alive socket back to
 * its pool only after a full turn (client-h1 `setImmediate(resume)`, so that a server closing
 * despite keep-alive is noticed first); a send issued in the very same turn gets a second
 * connection. Any real flow does other work between two webhook calls.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('one keep-alive agent per client', () => {
  it('two sequential sends to the same origin share ONE TCP connection', async () => {
    const http = client();
    const url = `http://127.0.0.1:${allowed.port}/`;
    const first = await get(http, url);
    await nextTurn();
    const second = await http.send(
      { method: 'POST', url, headers: [], body: 'x' },
      { timeoutMs: 5_000, retry: { attempts: 1, on: ['5xx'] } },
    );
    expect(first).toMatchObject({ kind: 'response', status: 200, bodyText: 'answer 1' });
    expect(second).toMatchObject({ kind: 'response', status: 200, bodyText: 'answer 2' });
    // The reused socket still reports the peer it was judged with.
    expect(second.attempts[0]?.remoteAddress).toBe('127.0.0.1');
    expect(allowed.requests).toBe(2);
    expect(allowed.connections).toBe(1);
  });

  it('with a connection to an allowed origin pooled, a refused one still sends nothing', async () => {
    const http = client();
    await get(http, `http://127.0.0.1:${allowed.port}/`);
    const blocked = await get(http, `http://127.0.0.1:${refused.port}/`);
    expect(blocked).toMatchObject({ kind: 'failure', reason: 'BLOCKED_DESTINATION', status: 0 });
    if (blocked.kind === 'failure') expect(blocked.message).toContain('loopback');
    expect(refused.connections).toBe(0);
    expect(refused.requests).toBe(0);
    // The pooled connection is untouched by the refusal and still serves its origin.
    await nextTurn();
    expect(await get(http, `http://127.0.0.1:${allowed.port}/again`)).toMatchObject({
      kind: 'response',
      status: 200,
    });
    expect(allowed.connections).toBe(1);
  });

  it('a hostname refused at DNS time sends nothing, even while its address:port is pooled', async () => {
    // Both names resolve to the allowed server; only `allowed.test` is allow-listed.
    const resolve: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const http = client({ policy: createDestinationPolicy(['allowed.test']), resolve });
    expect(await get(http, `http://allowed.test:${allowed.port}/`)).toMatchObject({
      kind: 'response',
      status: 200,
    });
    await nextTurn();
    const blocked = await get(http, `http://refused.test:${allowed.port}/`);
    expect(blocked).toMatchObject({ kind: 'failure', reason: 'BLOCKED_DESTINATION', status: 0 });
    if (blocked.kind === 'failure') {
      expect(blocked.message).toContain('refused.test resolves to 127.0.0.1');
    }
    expect(allowed.requests).toBe(1);
    expect(allowed.connections).toBe(1);
  });

  it('clients with different allow-lists never share a connection', async () => {
    const open = client();
    const closed = client({ policy: createDestinationPolicy([]) });
    const url = `http://127.0.0.1:${allowed.port}/`;
    expect(await get(open, url)).toMatchObject({ kind: 'response', status: 200 });
    expect(await get(closed, url)).toMatchObject({
      kind: 'failure',
      reason: 'BLOCKED_DESTINATION',
    });
    expect(allowed.requests).toBe(1);
  });

  it('a timed-out request drops its own socket; the pool keeps serving the origin', async () => {
    const http = client();
    const timedOut = await http.send(
      { method: 'GET', url: `http://127.0.0.1:${allowed.port}/hang`, headers: [] },
      { timeoutMs: 200 },
    );
    expect(timedOut).toMatchObject({ kind: 'failure', reason: 'TIMEOUT', status: 0 });
    expect(timedOut.attempts[0]?.remoteAddress).toBe('127.0.0.1');
    // The half-used socket is destroyed (never handed to another request)...
    await vi.waitFor(() => {
      expect(allowed.closed).toBe(1);
    });
    // ...and the next send to the same origin is answered on a sound connection.
    expect(await get(http, `http://127.0.0.1:${allowed.port}/`)).toMatchObject({
      kind: 'response',
      status: 200,
      bodyText: 'answer 2',
    });
  });
});
