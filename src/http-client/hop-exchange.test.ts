import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDestinationPolicy } from './destination-policy.js';
import { createHttpClient } from './http-client.js';
import { startLoopbackServer, type LoopbackServer } from './testing/loopback-server.js';
import type { HttpClient, HttpMethod } from './types.js';

const KIB = 1024;
// Incompressible text, so the gzip body really arrives in many chunks.
const NOISE = randomBytes(300 * KIB).toString('base64');
const NOISE_GZIP = gzipSync(Buffer.from(NOISE, 'utf8'));

let server: LoopbackServer;
let http: HttpClient;

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    switch (request.url) {
      case '/big-redirect':
        response.writeHead(302, { Location: '/final' }).end('x'.repeat(512 * KIB));
        return;
      case '/big-chunked-redirect':
        response.writeHead(302, { Location: '/final' });
        for (let sent = 0; sent < 512 * KIB; sent += 16 * KIB) response.write('y'.repeat(16 * KIB));
        response.end();
        return;
      case '/slow-redirect':
        // The redirect's body never ends: the attempt's timer has to stop it.
        response.writeHead(302, { Location: '/final' });
        response.write('first part');
        return;
      case '/noise':
        response.writeHead(200, { 'Content-Encoding': 'gzip' });
        for (let at = 0; at < NOISE_GZIP.length; at += 8 * KIB) {
          response.write(NOISE_GZIP.subarray(at, at + 8 * KIB));
        }
        response.end();
        return;
      case '/no-content':
        response.writeHead(204).end();
        return;
      case '/early-hints':
        response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
        response.end('after the hints');
        return;
      default:
        response.end(`final ${request.method}`);
    }
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
beforeEach(() => {
  server.received.length = 0;
});

const send = (path: string, method: HttpMethod = 'GET', timeoutMs = 5_000) =>
  http.send({ method, url: server.url(path), headers: [] }, { timeoutMs });

describe('one hop, as the client reads it', () => {
  it.each(['/big-redirect', '/big-chunked-redirect'])(
    'follows a redirect whose body is too long to read (%s)',
    async (path) => {
      expect(await send(path)).toMatchObject({
        kind: 'response',
        status: 200,
        bodyText: 'final GET',
      });
      expect(server.received.map((request) => request.url)).toEqual([path, '/final']);
    },
  );

  it('decodes a gzip body that arrives in many chunks, byte for byte', async () => {
    const outcome = await send('/noise');
    expect(outcome.kind).toBe('response');
    expect(outcome.kind === 'response' && outcome.bodyText === NOISE).toBe(true);
  });

  it.each<[string, HttpMethod]>([
    ['/no-content', 'GET'],
    ['/anything', 'HEAD'],
  ])('gives an empty body for %s (%s)', async (path, method) => {
    expect(await send(path, method)).toMatchObject({ kind: 'response', bodyText: '' });
  });

  it('skips 1xx interim responses and answers with the final one', async () => {
    expect(await send('/early-hints')).toMatchObject({
      kind: 'response',
      status: 200,
      bodyText: 'after the hints',
    });
  });

  it('times out while a redirect body is still arriving', async () => {
    expect(await send('/slow-redirect', 'GET', 300)).toMatchObject({
      kind: 'failure',
      reason: 'TIMEOUT',
      status: 302,
    });
  });
});
