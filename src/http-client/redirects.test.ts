import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDestinationPolicy } from './destination-policy.js';
import type { Resolver } from './guarded-connector.js';
import { createHttpClient } from './http-client.js';
import { startLoopbackServer, type LoopbackServer } from './testing/loopback-server.js';
import type { HttpClient, HttpMethod } from './types.js';

let server: LoopbackServer;
let other: LoopbackServer;
let http: HttpClient;

beforeAll(async () => {
  other = await startLoopbackServer((_request, response) => response.end('other origin'));
  server = await startLoopbackServer((request, response) => {
    // `/<status>/<rest>` redirects with that status to `/<rest>`, or to `<rest>` if absolute.
    const match = /^\/(\d{3})(?:\/(.*))?$/.exec(request.url);
    if (match?.[1] !== undefined) {
      const rest = match[2] ?? 'final';
      const location = rest.startsWith('http') ? rest : `/${rest}`;
      response.writeHead(Number(match[1]), { Location: location }).end('moved');
    } else if (request.url.startsWith('/loop/')) {
      const hop = Number(request.url.slice('/loop/'.length));
      response.writeHead(302, { Location: `/loop/${hop + 1}` }).end();
    } else if (request.url === '/to-other') {
      response.writeHead(307, { Location: `http://localhost:${other.port}/landing` }).end();
    } else if (request.url === '/to-blocked') {
      response.writeHead(302, { Location: `http://blocked.test:${other.port}/secret` }).end();
    } else if (request.url === '/to-ftp') {
      response.writeHead(302, { Location: 'ftp://example.com/file' }).end();
    } else {
      response.end(`final ${request.method} ${request.body.toString('utf8')}`);
    }
  });
  // `localhost` is another origin than 127.0.0.1 (same machine, other host name).
  const resolve: Resolver = (hostname) =>
    Promise.resolve(
      hostname === 'localhost' || hostname === 'blocked.test'
        ? [{ address: '127.0.0.1', family: 4 }]
        : [],
    );
  http = createHttpClient({
    maxResponseBytes: 1024 * 1024,
    policy: createDestinationPolicy([`127.0.0.1:${server.port}`, `localhost:${other.port}`]),
    resolve,
    sensitiveHeaders: ['X-Api-Key'],
  });
});
afterAll(async () => {
  await http.close();
  await Promise.all([server.close(), other.close()]);
});
beforeEach(() => {
  server.received.length = 0;
  other.received.length = 0;
});

const send = (method: HttpMethod, path: string, body?: string) =>
  http.send(
    {
      method,
      url: server.url(path),
      headers: [
        ['Authorization', 'Bearer s3cret'],
        ['X-Api-Key', 'k3y'],
        ['Content-Type', 'text/plain'],
        ['X-Trace', 't1'],
      ],
      ...(body === undefined ? {} : { body }),
    },
    { timeoutMs: 5_000 },
  );

describe('redirects (docs/webhook-widget.md: up to 5, each hop re-checked)', () => {
  it.each<[number, HttpMethod, string, string]>([
    [307, 'POST', 'POST', 'payload'],
    [308, 'PUT', 'PUT', 'payload'],
    [303, 'POST', 'GET', ''],
    [303, 'PUT', 'GET', ''],
    [301, 'POST', 'GET', ''],
    [302, 'PATCH', 'GET', ''],
    [302, 'GET', 'GET', ''],
    [301, 'HEAD', 'HEAD', ''],
    [303, 'HEAD', 'HEAD', ''],
  ])(
    '%i after %s is followed with %s (body %j)',
    async (status, method, expectedMethod, expectedBody) => {
      const outcome = await send(
        method,
        `/${status}`,
        method === 'GET' || method === 'HEAD' ? undefined : 'payload',
      );
      expect(server.received.map((r) => r.url)).toEqual([`/${status}`, '/final']);
      const final = server.received[1];
      expect(final?.method).toBe(expectedMethod);
      expect(final?.body.toString('utf8')).toBe(expectedBody);
      // Same origin: credentials stay; a rewritten GET loses the body's headers.
      expect(final?.headers.authorization).toBe('Bearer s3cret');
      expect(final?.headers['content-type']).toBe(
        expectedMethod === method ? 'text/plain' : undefined,
      );
      expect(outcome).toMatchObject({ kind: 'response', status: 200, url: server.url('/final') });
    },
  );

  it('follows 5 redirects and returns the 6th 3xx as the response', async () => {
    const outcome = await send('GET', '/loop/0');
    expect(server.received.map((r) => r.url)).toEqual([
      '/loop/0',
      '/loop/1',
      '/loop/2',
      '/loop/3',
      '/loop/4',
      '/loop/5',
    ]);
    expect(outcome).toMatchObject({ kind: 'response', status: 302, url: server.url('/loop/5') });
    if (outcome.kind === 'response') expect(outcome.headers.location).toBe('/loop/6');
  });

  it('follows 5 and stops at a 2xx on the 6th response', async () => {
    const outcome = await send('GET', '/302/302/302/302/302/final');
    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
  });

  it('a cross-origin hop drops Authorization and sensitive headers, keeps the rest', async () => {
    const outcome = await send('POST', '/to-other', 'payload');
    const landed = other.received[0];
    expect(landed?.method).toBe('POST');
    expect(landed?.body.toString('utf8')).toBe('payload');
    expect(landed?.headers.authorization).toBeUndefined();
    expect(landed?.headers['x-api-key']).toBeUndefined();
    expect(landed?.headers['x-trace']).toBe('t1');
    expect(landed?.headers.host).toBe(`localhost:${other.port}`);
    expect(outcome).toMatchObject({ kind: 'response', status: 200, bodyText: 'other origin' });
  });

  it('a redirect from an allowed host to a blocked address is refused; nothing is sent there', async () => {
    const outcome = await send('GET', '/to-blocked');
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'BLOCKED_DESTINATION', status: 302 });
    if (outcome.kind === 'failure')
      expect(outcome.message).toContain('blocked.test resolves to 127.0.0.1');
    expect(server.received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
  });

  it('a redirect to an IP literal in another spelling is refused too', async () => {
    const outcome = await send('GET', `/302/http://0x7f000001:${other.port}/x`);
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'BLOCKED_DESTINATION' });
    expect(other.received).toHaveLength(0);
  });

  it('a redirect to a non-http scheme is returned as the 3xx response', async () => {
    expect(await send('GET', '/to-ftp')).toMatchObject({ kind: 'response', status: 302 });
  });
});
