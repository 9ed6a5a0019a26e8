import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as the receiver got it. */
export interface Received {
  /** Arrival order across every path, from 0. */
  seq: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the whole body had arrived. */
  at: number;
}

/**
 * Answers one request. It may leave `response` open (a held request: the sender sees no
 * answer until the test ends it or the sender's process dies).
 */
export type Responder = (request: Received, response: ServerResponse) => void;

/** A real `node:http` server on 127.0.0.1 that records what it receives. */
export interface Receiver {
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** How requests to `path` are answered from now on; unknown paths get 200 `ok`. */
  handle(path: string, responder: Responder): void;
  /** Requests received (for one path), in arrival order. */
  received(path?: string): Received[];
  /** Ends every held request and stops listening. */
  close(): Promise<void>;
}

/** Answers `status` with a short text body. */
export function answer(response: ServerResponse, status: number, body = 'ok'): void {
  response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
}

/** A responder that answers `status`. */
export function reply(status: number): Responder {
  return (_request, response) => {
    answer(response, status);
  };
}

/** The n-th request gets `responders[n]`; the last one repeats. */
export function inTurn(...responders: Responder[]): Responder {
  let count = 0;
  return (request, response) => {
    const responder = responders[Math.min(count, responders.length - 1)];
    count += 1;
    if (responder) responder(request, response);
    else answer(response, 200);
  };
}

/** Answers the n-th request with `codes[n]`; the last status repeats. */
export function statuses(...codes: number[]): Responder {
  return inTurn(...codes.map(reply));
}

/** Never answers: the request stays open until the sender gives up or dies. */
export const hold: Responder = () => undefined;

/** Starts a receiver on 127.0.0.1 (never any other address), on a free port. */
export async function startReceiver(): Promise<Receiver> {
  const responders = new Map<string, Responder>();
  const log: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      const received: Received = {
        seq: log.length,
        method: request.method ?? '',
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      log.push(received);
      const responder = responders.get(path);
      if (responder) responder(received, response);
      else answer(response, 200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    handle: (path, responder) => responders.set(path, responder),
    received: (path) => (path === undefined ? [...log] : log.filter((item) => item.path === path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A request header as one string ('' when absent). */
export function headerOf(request: Received, name: string): string {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** The Standard Webhooks `webhook-id` a delivery carried. */
export function webhookIdOf(request: Received): string {
  return headerOf(request, 'webhook-id');
}

/**
 * Verifies a delivery with the `standardwebhooks` package, as a receiver would, and returns
 * the parsed event; throws when the signature or the timestamp does not verify.
 */
export function verifyDelivery(secret: string, request: Received): any {
  return new Webhook(secret).verify(request.body, {
    'webhook-id': headerOf(request, 'webhook-id'),
    'webhook-timestamp': headerOf(request, 'webhook-timestamp'),
    'webhook-signature': headerOf(request, 'webhook-signature'),
  });
}
