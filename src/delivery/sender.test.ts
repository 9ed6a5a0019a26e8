import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../http-client/index.js';
import { MAX_EXCERPT_BYTES } from './excerpt.js';
import { sendDelivery } from './sender.js';
import { loopbackDeliveryClient } from './testing/http.js';
import { reply, startReceiver, type Receiver, type ReceiverHandler } from './testing/receiver.js';

let http: HttpClient;
const receivers: Receiver[] = [];

beforeAll(() => {
  http = loopbackDeliveryClient();
});
afterAll(() => http.close());
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(handler: ReceiverHandler): Promise<Receiver> {
  const started = await startReceiver(handler);
  receivers.push(started);
  return started;
}

const request = (url: string) => ({
  url,
  headers: [['content-type', 'application/json']] as const,
  body: '{"type":"test"}',
});

describe('sendDelivery', () => {
  it('POSTs the body and reports a 2xx as success', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 204);
    });
    const result = await sendDelivery(http, request(target.url()));
    expect(result).toMatchObject({
      status: 204,
      succeeded: true,
      error: null,
      remoteAddress: '127.0.0.1',
      responseExcerpt: '',
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(target.received[0]).toMatchObject({
      method: 'POST',
      path: '/hook',
      body: '{"type":"test"}',
    });
  });

  it('reports any other status as a failure with the body excerpt', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 500, 'database down');
    });
    const result = await sendDelivery(http, request(target.url()));
    expect(result).toMatchObject({
      status: 500,
      succeeded: false,
      error: 'the endpoint answered 500',
      responseExcerpt: 'database down',
      remoteAddress: '127.0.0.1',
    });
  });

  it('does not follow a redirect: a 302 is a failure and Location is never requested', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 302, '', { location: '/elsewhere' });
    });
    const result = await sendDelivery(http, request(target.url()));
    expect(result.succeeded).toBe(false);
    expect(result.status).toBe(302);
    expect(result.error).toContain('redirects are not followed');
    expect(target.received.map((received) => received.path)).toEqual(['/hook']);
  });

  it.each([
    { header: '120', expected: 120_000 },
    { header: 'Sun, 29 Nov 2026 10:01:00 GMT', expected: 60_000 },
  ])('reads Retry-After $header', async ({ header, expected }) => {
    const target = await receiver((_request, response) => {
      reply(response, 503, '', { 'retry-after': header });
    });
    const result = await sendDelivery(http, request(target.url()), {
      nowMs: () => Date.parse('2026-11-29T10:00:00.000Z'),
    });
    expect(result.retryAfterMs).toBe(expected);
  });

  it('treats a timeout as a failure with status 0', async () => {
    const target = await receiver(() => undefined);
    const result = await sendDelivery(http, request(target.url()), { timeoutMs: 100 });
    expect(result).toMatchObject({ status: 0, succeeded: false, responseExcerpt: null });
    expect(result.error).toMatch(/^TIMEOUT: /);
  });

  it('treats a refused connection as a failure with status 0', async () => {
    const target = await receiver(() => undefined);
    const url = target.url();
    await target.close();
    const result = await sendDelivery(http, request(url));
    expect(result).toMatchObject({ status: 0, succeeded: false, remoteAddress: null });
    expect(result.error).toMatch(/^CONNECTION_ERROR: /);
  });

  it('keeps at most 64 KB of the response body', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200, 'x'.repeat(200 * 1024));
    });
    const result = await sendDelivery(http, request(target.url()));
    expect(result.succeeded).toBe(true);
    expect(result.responseExcerpt).toHaveLength(MAX_EXCERPT_BYTES);
  });

  it('counts a 2xx whose body is over the client cap as delivered', async () => {
    const target = await receiver((_request, response) => {
      reply(response, 200, 'y'.repeat(3 * 1024 * 1024));
    });
    const result = await sendDelivery(http, request(target.url()));
    expect(result).toMatchObject({ status: 200, succeeded: true, error: null });
  });

  it('masks secrets in the error and the excerpt', async () => {
    const target = await receiver((received, response) => {
      reply(response, 401, `bad token ${String(received.headers.authorization)}`);
    });
    const result = await sendDelivery(
      http,
      { ...request(target.url()), headers: [['authorization', 'Bearer s3cret-token']] },
      { secrets: ['s3cret-token'] },
    );
    expect(result.responseExcerpt).toBe('bad token Bearer ***');
    expect(JSON.stringify(result)).not.toContain('s3cret-token');
  });

  it('masks a body that is exactly a secret, percent-encoded or not; a shorter one stays', async () => {
    const bodies = ['s3cret token', 's3cret%20token', '{}'];
    const target = await receiver((_request, response) => {
      reply(response, 200, bodies.shift() ?? '');
    });
    const send = () => sendDelivery(http, request(target.url()), { secrets: ['s3cret token'] });
    expect((await send()).responseExcerpt).toBe('***');
    expect((await send()).responseExcerpt).toBe('***');
    expect((await send()).responseExcerpt).toBe('{}');
  });
});
