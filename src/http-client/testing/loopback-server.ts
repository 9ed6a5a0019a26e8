import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a loopback test server received it, body bytes included. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as sent on the request line. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Header names and values exactly as sent, in order. */
  rawHeaders: string[];
  body: Buffer;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse) => unknown;

/** A real `node:http` server on 127.0.0.1 (tests never reach any other address). */
export interface LoopbackServer {
  port: number;
  /** `http://127.0.0.1:<port>` + path. */
  url(path?: string): string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 on a free port; every request is recorded before `handler` runs. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const record: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        body: Buffer.concat(chunks),
      };
      received.push(record);
      Promise.resolve(handler(record, response)).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A port that was just open and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = await startLoopbackServer(() => undefined);
  await server.close();
  return server.port;
}
