import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestinationPolicy } from './destination-policy.js';
import { createHttpClient } from './http-client.js';
import { startLoopbackServer, type LoopbackServer } from './testing/loopback-server.js';
import type { HttpClient } from './types.js';

const KIB = 1024;
const text = (bytes: number): string => 'a'.repeat(bytes);
const ENCODERS: Record<string, (input: Buffer) => Buffer> = {
  gzip: (input) => gzipSync(input),
  deflate: (input) => deflateSync(input),
  'deflate-raw': (input) => deflateRawSync(input),
  br: (input) => brotliCompressSync(input),
};

let server: LoopbackServer;
let http: HttpClient;
let bombBytesSent = 0;

beforeAll(async () => {
  const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
  server = await startLoopbackServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    const size = Number(url.searchParams.get('size') ?? '0');
    const encoding = url.searchParams.get('encoding');
    if (url.pathname === '/bomb') {
      bombBytesSent = bomb.length;
      response.writeHead(200, { 'Content-Encoding': 'gzip' }).end(bomb);
      return;
    }
    if (url.pathname === '/endless-gzip') {
      // 64 KiB of zeros in a response that never ends: only stopping at the cap can finish it.
      response.writeHead(200, { 'Content-Encoding': 'gzip' });
      response.write(gzipSync(Buffer.alloc(64 * KIB)));
      return;
    }
    if (url.pathname === '/chunked') {
      // No Content-Length: the cap can only be enforced while reading.
      response.writeHead(200);
      for (let sent = 0; sent < size; sent += 100) response.write(text(Math.min(100, size - sent)));
      response.end();
      return;
    }
    if (url.pathname === '/corrupt') {
      response.writeHead(200, { 'Content-Encoding': 'gzip' }).end('definitely not gzip');
      return;
    }
    if (url.pathname === '/utf8') {
      response.end(Buffer.from('Zoë 📞 ok', 'utf8'));
      return;
    }
    const body = Buffer.from(text(size));
    if (encoding === null) {
      response.end(body);
      return;
    }
    const encoder = ENCODERS[encoding];
    if (encoder === undefined) throw new Error(`no encoder ${encoding}`);
    response.writeHead(200, {
      'Content-Encoding': encoding === 'deflate-raw' ? 'deflate' : encoding,
    });
    response.end(encoder(body));
  });
  http = createHttpClient({
    policy: createDestinationPolicy([`127.0.0.1:${server.port}`]),
    maxResponseBytes: KIB,
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

const get = (path: string, timeoutMs = 5_000) =>
  http.send({ method: 'GET', url: server.url(path), headers: [] }, { timeoutMs });

describe('response cap on decompressed bytes (docs/webhook-widget.md RESPONSE_TOO_LARGE)', () => {
  it.each([null, 'gzip', 'deflate', 'deflate-raw', 'br'])(
    'encoding %s: exactly the cap is fine, one byte over is not',
    async (encoding) => {
      const query = encoding === null ? '' : `&encoding=${encoding}`;
      expect(await get(`/body?size=${KIB}${query}`)).toMatchObject({
        kind: 'response',
        status: 200,
        bodyText: text(KIB),
      });
      expect(await get(`/body?size=${KIB + 1}${query}`)).toMatchObject({
        kind: 'failure',
        reason: 'RESPONSE_TOO_LARGE',
        status: 200,
      });
    },
  );

  it('a chunked body without Content-Length is cut at the cap too', async () => {
    expect(await get(`/chunked?size=${KIB}`)).toMatchObject({
      kind: 'response',
      bodyText: text(KIB),
    });
    expect(await get(`/chunked?size=${4 * KIB}`)).toMatchObject({
      kind: 'failure',
      reason: 'RESPONSE_TOO_LARGE',
      status: 200,
    });
  });

  it('a gzip bomb (10 MB of zeros) stops early', async () => {
    const outcome = await get('/bomb');
    expect(bombBytesSent).toBeLessThan(20 * KIB);
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'RESPONSE_TOO_LARGE', status: 200 });
  });

  it('an endless gzip stream is cut at the cap instead of running into the timeout', async () => {
    expect(await get('/endless-gzip', 10_000)).toMatchObject({
      kind: 'failure',
      reason: 'RESPONSE_TOO_LARGE',
    });
  });

  it('a body that claims gzip but is not is a CONNECTION_ERROR with its status', async () => {
    const outcome = await get('/corrupt');
    expect(outcome).toMatchObject({ kind: 'failure', reason: 'CONNECTION_ERROR', status: 200 });
    if (outcome.kind === 'failure') expect(outcome.message).toContain('Content-Encoding: gzip');
  });

  it('decodes the body as UTF-8', async () => {
    expect(await get('/utf8')).toMatchObject({ kind: 'response', bodyText: 'Zoë 📞 ok' });
  });

  it('caps a decompressed body at 1 MiB to the byte', async () => {
    const roomy = createHttpClient({
      maxResponseBytes: 1024 * 1024,
      policy: createDestinationPolicy([`127.0.0.1:${server.port}`]),
    });
    const send = (size: number) =>
      roomy.send(
        { method: 'GET', url: server.url(`/body?size=${size}&encoding=gzip`), headers: [] },
        { timeoutMs: 5_000 },
      );
    expect(await send(1024 * KIB)).toMatchObject({ kind: 'response', status: 200 });
    expect(await send(1024 * KIB + 1)).toMatchObject({
      kind: 'failure',
      reason: 'RESPONSE_TOO_LARGE',
    });
    await roomy.close();
  });
});
