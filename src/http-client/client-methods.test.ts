import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDestinationPolicy } from './destination-policy.js';
import { createHttpClient } from './http-client.js';
import { startLoopbackServer, type LoopbackServer } from './testing/loopback-server.js';
import { HTTP_METHODS, type HttpClient, type HttpMethod } from './types.js';

let server: LoopbackServer;
let http: HttpClient;

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    if (request.url === '/empty') {
      response.writeHead(204).end();
      return;
    }
    response.setHeader('X-Echo-Method', request.method);
    response.setHeader('Set-Cookie', ['a=1', 'b=2']);
    response.end(
      `you sent ${request.method} ${request.body.length} bytes: ${request.body.toString('utf8')}`,
    );
  });
  http = createHttpClient({
    maxResponseBytes: 1024 * 1024,
    policy: createDestinationPolicy([`127.0.0.1:${server.port}`]),
    userAgent: 'hookline-test',
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
});

describe('every method arrives as sent (docs/webhook-widget.md)', () => {
  const withBody = HTTP_METHODS.filter((method) => method !== 'HEAD');

  it.each(withBody)('%s carries its body byte for byte', async (method: HttpMethod) => {
    const body = '{"name":"Zoë","emoji":"📞"}';
    const outcome = await http.send(
      {
        method,
        url: server.url('/orders?lang=en'),
        headers: [['Content-Type', 'application/json']],
        body,
      },
      { timeoutMs: 5_000 },
    );
    const received = server.received[0];
    expect(received?.method).toBe(method);
    expect(received?.url).toBe('/orders?lang=en');
    expect(received?.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(received?.headers['user-agent']).toBe('hookline-test');
    expect(outcome).toMatchObject({
      kind: 'response',
      status: 200,
      bodyText: `you sent ${method} ${Buffer.byteLength(body)} bytes: ${body}`,
      url: server.url('/orders?lang=en'),
    });
    if (outcome.kind === 'response') {
      expect(outcome.headers['x-echo-method']).toBe(method);
      expect(outcome.headers['set-cookie']).toBe('a=1, b=2');
      expect(outcome.attempts).toEqual([
        {
          attempt: 1,
          status: 200,
          durationMs: expect.any(Number) as number,
          remoteAddress: '127.0.0.1',
        },
      ]);
    }
  });

  it.each(withBody)('%s without a body sends none', async (method: HttpMethod) => {
    await http.send({ method, url: server.url('/'), headers: [] }, { timeoutMs: 5_000 });
    expect(server.received[0]?.method).toBe(method);
    expect(server.received[0]?.body.length).toBe(0);
  });

  it('HEAD reads no body and reports bodyText ""', async () => {
    const outcome = await http.send(
      { method: 'HEAD', url: server.url('/'), headers: [] },
      { timeoutMs: 5_000 },
    );
    expect(server.received[0]?.method).toBe('HEAD');
    expect(outcome).toMatchObject({ kind: 'response', status: 200, bodyText: '' });
  });

  it('a 204 has bodyText ""', async () => {
    const outcome = await http.send(
      { method: 'DELETE', url: server.url('/empty'), headers: [] },
      { timeoutMs: 5_000 },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 204, bodyText: '' });
  });

  it('sends repeated headers and keeps the caller User-Agent', async () => {
    await http.send(
      {
        method: 'GET',
        url: server.url('/'),
        headers: [
          ['X-Tag', 'a'],
          ['X-Tag', 'b'],
          ['User-Agent', 'custom/1'],
        ],
      },
      { timeoutMs: 5_000 },
    );
    expect(server.received[0]?.headers['x-tag']).toBe('a, b');
    expect(server.received[0]?.headers['user-agent']).toBe('custom/1');
  });

  it('moves URL credentials into a Basic header and out of the request line and url', async () => {
    const url = `http://ada:p%40ss@127.0.0.1:${server.port}/secure#frag`;
    const outcome = await http.send({ method: 'GET', url, headers: [] }, { timeoutMs: 5_000 });
    expect(server.received[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('ada:p@ss').toString('base64')}`,
    );
    expect(outcome.kind === 'response' && outcome.url).toBe(server.url('/secure'));
  });

  it('refuses a header value with CR/LF as INVALID_REQUEST, sending nothing', async () => {
    const outcome = await http.send(
      { method: 'GET', url: server.url('/'), headers: [['X-Bad', 'a\r\nInjected: 1']] },
      { timeoutMs: 5_000 },
    );
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'INVALID_REQUEST', status: 0 });
    expect(server.received).toHaveLength(0);
  });

  it('a closed client refuses to send', async () => {
    const closed = createHttpClient({
      maxResponseBytes: 1024 * 1024,
      policy: createDestinationPolicy([]),
    });
    await closed.close();
    const outcome = await closed.send(
      { method: 'GET', url: server.url('/'), headers: [] },
      { timeoutMs: 1_000 },
    );
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'CONNECTION_ERROR' });
  });
});
