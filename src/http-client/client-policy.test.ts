import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDestinationPolicy } from './destination-policy.js';
import { systemResolver, type Resolver } from './guarded-connector.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import { startLoopbackServer, type LoopbackServer } from './testing/loopback-server.js';
import type { HttpClient, HttpOutcome } from './types.js';

let server: LoopbackServer;
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((_request, response) => {
    response.end('reached');
  });
});
afterAll(() => server.close());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  server.received.length = 0;
});

function client(allow: string[], extra: Partial<HttpClientOptions> = {}): HttpClient {
  const created = createHttpClient({
    maxResponseBytes: 1024 * 1024,
    policy: createDestinationPolicy(allow),
    ...extra,
  });
  clients.push(created);
  return created;
}

// Some sandboxes' getaddrinfo cannot resolve `localhost.`; most resolvers treat it as `localhost`.
const dotlessResolver: Resolver = (hostname) => systemResolver(hostname.replace(/\.$/, ''));

const get = (http: HttpClient, url: string): Promise<HttpOutcome> =>
  http.send({ method: 'GET', url, headers: [] }, { timeoutMs: 5_000 });

function expectBlocked(outcome: HttpOutcome, fragment: string): void {
  expect(outcome).toMatchObject({ kind: 'failure', reason: 'BLOCKED_DESTINATION', status: 0 });
  if (outcome.kind === 'failure') expect(outcome.message).toContain(fragment);
}

describe('connect-time destination policy (docs/webhook-widget.md)', () => {
  it('refuses 127.0.0.1 and localhost without an allow entry, and nothing arrives', async () => {
    const http = client([]);
    expectBlocked(await get(http, server.url('/ip')), '127.0.0.1 is a loopback address');
    expectBlocked(
      await get(http, `http://localhost:${server.port}/name`),
      'localhost resolves to 127.0.0.1',
    );
    expect(server.received).toHaveLength(0);
  });

  it('never retries a blocked destination', async () => {
    const outcome = await client([]).send(
      { method: 'POST', url: server.url(), headers: [], body: 'x' },
      { timeoutMs: 5_000, retry: { attempts: 3, on: ['connection', 'timeout', '5xx', '429'] } },
    );
    expectBlocked(outcome, 'loopback');
    expect(outcome.attempts).toHaveLength(1);
  });

  // WHATWG URL parsing already turns these into 127.0.0.1 / ::ffff:7f00:1; each must still be refused.
  it.each([
    '127.1',
    '127.0.1',
    '0x7f000001',
    '0x7f.0.0.1',
    '0177.0.0.1',
    '2130706433',
    '017700000001',
    '127.0.0.1.',
    '%31%32%37.0.0.1',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[0:0:0:0:0:ffff:127.0.0.1]',
    '[::127.0.0.1]',
    '[::1]',
    'localhost.',
    'LOCALHOST',
  ])('refuses http://%s:<port>/ and the server sees nothing', async (host) => {
    const outcome = await get(
      client([], { resolve: dotlessResolver }),
      `http://${host}:${server.port}/`,
    );
    expectBlocked(outcome, 'loopback');
    expect(server.received).toHaveLength(0);
  });

  it.each([
    ['127.0.0.1:<port>', 'http://127.0.0.1:<port>/'],
    ['127.0.0.0/8', 'http://127.0.0.1:<port>/'],
    ['localhost', 'http://localhost:<port>/'],
    ['localhost:<port>', 'http://localhost:<port>/'],
    ['localhost', 'http://localhost.:<port>/'],
    ['::ffff:127.0.0.1', 'http://127.0.0.1:<port>/'],
  ])('with %s allowed, %s arrives', async (entry, url) => {
    const port = String(server.port);
    const http = client([entry.replace('<port>', port)], { resolve: dotlessResolver });
    const outcome = await get(http, url.replace('<port>', port));
    expect(outcome).toMatchObject({ kind: 'response', status: 200, bodyText: 'reached' });
    expect(outcome.attempts[0]?.remoteAddress).toBe('127.0.0.1');
    expect(server.received).toHaveLength(1);
  });

  it('an ip:port entry does not open other ports of that address', async () => {
    expectBlocked(await get(client([`127.0.0.1:${server.port + 1}`]), server.url()), 'loopback');
    expect(server.received).toHaveLength(0);
  });

  it('judges every DNS answer: a name resolving to loopback (rebinding) is refused', async () => {
    const resolve: Resolver = (hostname) =>
      Promise.resolve(hostname === 'rebind.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
    expectBlocked(
      await get(client([], { resolve }), `http://rebind.test:${server.port}/`),
      'rebind.test resolves to 127.0.0.1, a loopback address',
    );
    expect(server.received).toHaveLength(0);
  });

  it('refuses a name when ANY of its answers is blocked, connecting to none of them', async () => {
    const resolve: Resolver = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ]);
    expectBlocked(await get(client([], { resolve }), 'http://mixed.test/'), 'cloud metadata');
  });

  it('an allow-listed hostname exempts whatever it resolves to', async () => {
    const resolve: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const outcome = await get(
      client(['api.internal'], { resolve }),
      `http://api.internal:${server.port}/`,
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
    expect(server.received[0]?.headers.host).toBe(`api.internal:${server.port}`);
  });

  it('in https-only mode refuses plain http unless the host is allow-listed', async () => {
    const outcome = await client([]).send(
      { method: 'GET', url: 'http://example.com/', headers: [] },
      { timeoutMs: 1_000, httpsOnly: true },
    );
    expectBlocked(outcome, 'plain http:// to example.com is not allowed');
    const allowed = await client([`127.0.0.1:${server.port}`], { httpsOnly: true }).send(
      { method: 'GET', url: server.url(), headers: [] },
      { timeoutMs: 5_000 },
    );
    expect(allowed).toMatchObject({ kind: 'response', status: 200 });
  });

  it('refuses a URL that is not http(s) or not a URL as INVALID_REQUEST', async () => {
    const http = client([]);
    expect(await get(http, 'ftp://example.com/')).toMatchObject({ reason: 'INVALID_REQUEST' });
    expect(await get(http, 'not a url?key=s3cret')).toMatchObject({
      reason: 'INVALID_REQUEST',
      message: 'the URL is not a valid absolute URL',
    });
  });
});
