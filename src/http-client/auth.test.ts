import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAuth, signingKey, type AuthClock } from './auth.js';
import { authSchema, type Auth } from './auth-schema.js';
import { createDestinationPolicy } from './destination-policy.js';
import { createHttpClient } from './http-client.js';
import { startLoopbackServer, type LoopbackServer } from './testing/loopback-server.js';
import type { HttpClient, OutboundRequest } from './types.js';

const clock: AuthClock = {
  nowMs: () => 1_764_410_400_123,
  id: () => 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
};
const base: OutboundRequest = {
  method: 'POST',
  url: 'https://api.example.com/v1/orders?lang=en%20GB',
  headers: [['Content-Type', 'application/json']],
  body: '{"id":"42"}',
};

describe('applyAuth: exact header bytes (docs/webhook-widget.md)', () => {
  it.each<[Auth, ReadonlyArray<readonly [string, string]>]>([
    [{ type: 'none' }, []],
    [
      { type: 'basic', username: 'Aladdin', password: 'open sesame' },
      [['Authorization', 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==']],
    ],
    [
      { type: 'basic', username: 'zoë', password: 'pä:ss' },
      [['Authorization', 'Basic em/Dqzpww6Q6c3M=']],
    ],
    [{ type: 'bearer', token: 'tok.en-123' }, [['Authorization', 'Bearer tok.en-123']]],
    [{ type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'k3y' }, [['X-Api-Key', 'k3y']]],
  ])('%j', (auth, added) => {
    const result = applyAuth(base, auth, clock);
    expect(result.headers).toEqual([...base.headers, ...added]);
    expect(result.url).toBe(base.url);
    expect(result.body).toBe(base.body);
  });

  it('replaces a header of the same name the request already had', () => {
    const request = {
      ...base,
      headers: [['authorization', 'Bearer old'] as const, ['X-Keep', '1'] as const],
    };
    expect(applyAuth(request, { type: 'bearer', token: 'new' }, clock).headers).toEqual([
      ['X-Keep', '1'],
      ['Authorization', 'Bearer new'],
    ]);
  });

  it('apiKey in query appends one encoded pair and leaves the existing query untouched', () => {
    const result = applyAuth(
      base,
      { type: 'apiKey', in: 'query', name: 'api key', value: 'a&b=c/d' },
      clock,
    );
    expect(result.url).toBe(
      'https://api.example.com/v1/orders?lang=en%20GB&api%20key=a%26b%3Dc%2Fd',
    );
    expect(result.headers).toEqual(base.headers);
    const bare = applyAuth(
      { ...base, url: 'https://x.example/p#top' },
      { type: 'apiKey', in: 'query', name: 'k', value: 'v' },
      clock,
    );
    expect(bare.url).toBe('https://x.example/p?k=v#top');
  });

  it('apiKey in query leaves behind the parsed form of the old URL', () => {
    const parsedUrl = new URL(base.url);
    const result = applyAuth(
      { ...base, parsedUrl },
      { type: 'apiKey', in: 'query', name: 'k', value: 'v' },
      clock,
    );
    expect(result).not.toHaveProperty('parsedUrl');
    expect(result.url).toBe(`${base.url}&k=v`);
    expect(applyAuth({ ...base, parsedUrl }, { type: 'none' }, clock).parsedUrl).toBe(parsedUrl);
  });

  it.each([
    ['plain-secret', Buffer.from('plain-secret', 'utf8')],
    [
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'),
    ],
  ])('hmac with secret %s signs id.timestamp.body (Standard Webhooks)', (secret, key) => {
    const result = applyAuth(base, { type: 'hmac', secret }, clock);
    const expected = createHmac('sha256', key)
      .update('msg_2KWPBgLlAfxdpx2AI54pPJ85f4W.1764410400.{"id":"42"}')
      .digest('base64');
    expect(result.headers.slice(1)).toEqual([
      ['webhook-id', 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W'],
      ['webhook-timestamp', '1764410400'],
      ['webhook-signature', `v1,${expected}`],
    ]);
    expect(signingKey(secret).equals(key)).toBe(true);
  });

  it('hmac matches the Standard Webhooks reference vector', () => {
    // From the Standard Webhooks specification's example.
    const signed = applyAuth(
      { method: 'POST', url: 'https://x.example/', headers: [], body: '{"test": 2432232314}' },
      { type: 'hmac', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      { nowMs: () => 1_614_265_330_000, id: () => 'msg_p5jXN8AQM9LWM0D4loKWxJek' },
    );
    expect(signed.headers).toContainEqual([
      'webhook-signature',
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    ]);
  });
});

describe('authSchema', () => {
  it.each([
    { type: 'none' },
    { type: 'basic', username: 'u', password: '' },
    { type: 'bearer', token: 't' },
    { type: 'apiKey', in: 'query', name: 'api key', value: 'v' },
    { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'v' },
    { type: 'hmac', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    { type: 'hmac', secret: 'raw secret' },
  ])('accepts %j', (auth) => {
    expect(authSchema.safeParse(auth).success).toBe(true);
  });

  it.each([
    { type: 'digest' },
    { type: 'basic', username: 'u' },
    { type: 'bearer', token: '' },
    { type: 'bearer', toke: 't' },
    { type: 'apiKey', in: 'cookie', name: 'k', value: 'v' },
    { type: 'apiKey', in: 'header', name: 'Bad Name', value: 'v' },
    { type: 'hmac', secret: 'whsec_not base64!' },
  ])('refuses %j', (auth) => {
    expect(authSchema.safeParse(auth).success).toBe(false);
  });
});

describe('auth on the wire', () => {
  let server: LoopbackServer;
  let http: HttpClient;
  beforeAll(async () => {
    server = await startLoopbackServer((_request, response) => response.end('ok'));
    http = createHttpClient({
      maxResponseBytes: 1024 * 1024,
      policy: createDestinationPolicy([`127.0.0.1:${server.port}`]),
    });
  });
  afterAll(async () => {
    await http.close();
    await server.close();
  });

  const send = async (auth: Auth) => {
    server.received.length = 0;
    const request = applyAuth({ ...base, url: server.url('/hook?lang=en') }, auth, clock);
    await http.send(request, { timeoutMs: 5_000 });
    const received = server.received[0];
    if (received === undefined) throw new Error('nothing arrived');
    return received;
  };
  const rawHeader = (raw: string[], name: string): string | undefined =>
    raw[raw.findIndex((value, index) => index % 2 === 0 && value.toLowerCase() === name) + 1];

  it('basic, bearer and apiKey header arrive exactly', async () => {
    expect(
      rawHeader(
        (await send({ type: 'basic', username: 'u', password: 'p' })).rawHeaders,
        'authorization',
      ),
    ).toBe('Basic dTpw');
    expect(
      rawHeader((await send({ type: 'bearer', token: 'abc' })).rawHeaders, 'authorization'),
    ).toBe('Bearer abc');
    expect(
      rawHeader(
        (await send({ type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'k' })).rawHeaders,
        'x-api-key',
      ),
    ).toBe('k');
  });

  it('apiKey in query arrives on the request line', async () => {
    expect((await send({ type: 'apiKey', in: 'query', name: 'key', value: 's e/c' })).url).toBe(
      '/hook?lang=en&key=s%20e%2Fc',
    );
  });

  it('hmac arrives with a signature the receiver can verify over the exact body bytes', async () => {
    const secret = 'whsec_c2VjcmV0LWtleS1ieXRlcw==';
    const received = await send({ type: 'hmac', secret });
    const id = received.headers['webhook-id'];
    const timestamp = received.headers['webhook-timestamp'];
    const signed = `${String(id)}.${String(timestamp)}.${received.body.toString('utf8')}`;
    const expected = createHmac('sha256', Buffer.from('secret-key-bytes'))
      .update(signed)
      .digest('base64');
    expect(received.headers['webhook-signature']).toBe(`v1,${expected}`);
  });
});
