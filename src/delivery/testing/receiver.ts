/** A real `node:http` webhook receiver on 127.0.0.1 for delivery tests. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the receiver got it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type ReceiverHandler = (
  request: ReceivedRequest,
  response: ServerResponse,
) => void | Promise<void>;

export interface Receiver {
  /** `http://127.0.0.1:<port>` + path. */
  url(path?: string): string;
  /** Every request whose body has arrived, in arrival order. */
  received: ReceivedRequest[];
  /** Requests not yet answered (or abandoned) right now, and the most there ever were. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port; each request is recorded before `handler` runs. */
export async function startReceiver(handler: ReceiverHandler): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.once('close', () => {
      inFlight -= 1;
    });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const record: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(record);
      Promise.resolve(handler(record, response)).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Answers with `status`, optional headers and body. */
export function reply(
  response: ServerResponse,
  status: number,
  body = '',
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, headers).end(body);
}

/** A gate held requests wait on until the test opens it. */
export interface Gate {
  readonly opened: Promise<void>;
  open(): void;
}

export function createGate(): Gate {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
