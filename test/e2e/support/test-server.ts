import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A request exactly as the test server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as sent on the request line (raw bytes, not normalised). */
  url: string;
  /** The path alone, without the query. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Header names and values as sent, in order. */
  rawHeaders: string[];
  body: Buffer;
}

/** How the server answers one request. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as is (string as UTF-8). */
  body?: string | Buffer;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Gzip the body and say so in `content-encoding`. */
  gzip?: boolean;
  /** `Location` header; the status defaults to 302. */
  redirect?: string;
  /** Answer only after this many milliseconds. */
  delayMs?: number;
  /** Never answer (the socket stays open until the client gives up or the server closes). */
  hang?: boolean;
  /** Destroy the socket without answering. */
  destroy?: boolean;
}

/** A fixed reply, a sequence of replies (the last one repeats), or a function of the request. */
export type Route =
  Reply | readonly Reply[] | ((request: ReceivedRequest) => Reply | Promise<Reply>);

/** A real `node:http` server on 127.0.0.1 that records everything it receives. */
export interface TestServer {
  port: number;
  /** `127.0.0.1:<port>`, for `--allow`. */
  hostPort: string;
  /** `http://127.0.0.1:<port>` + path. */
  url(path?: string): string;
  /** Sets how requests to `path` (without query) are answered; unknown paths get 404. */
  route(path: string, route: Route): void;
  /** Every request received, in arrival order. */
  received: ReceivedRequest[];
  /** The requests received for one path. */
  requests(path: string): ReceivedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

function pick(route: Route, count: number, request: ReceivedRequest): Reply | Promise<Reply> {
  if (typeof route === 'function') return route(request);
  if (Array.isArray(route)) {
    const replies = route as readonly Reply[];
    return replies[Math.min(count, replies.length - 1)] ?? {};
  }
  return route as Reply;
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body: Buffer = Buffer.alloc(0);
  if (reply.json !== undefined) {
    body = Buffer.from(JSON.stringify(reply.json));
    headers['content-type'] ??= 'application/json';
  } else if (reply.body !== undefined) {
    body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  }
  if (reply.gzip === true) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  if (reply.redirect !== undefined) headers['location'] = reply.redirect;
  const status = reply.status ?? (reply.redirect === undefined ? 200 : 302);
  response.writeHead(status, { ...headers, 'content-length': String(body.length) });
  response.end(body);
}

/** Starts a test server on 127.0.0.1, on a free port. */
export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '';
      const record: ReceivedRequest = {
        method: request.method ?? '',
        url,
        path: url.split('?')[0] ?? '',
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        body: Buffer.concat(chunks),
      };
      received.push(record);
      const route = routes.get(record.path) ?? { status: 404, body: 'no route' };
      const count = counts.get(record.path) ?? 0;
      counts.set(record.path, count + 1);
      void answer(response, pick(route, count, record));
    });
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const answer = async (response: ServerResponse, pending: Reply | Promise<Reply>) => {
    try {
      const reply = await pending;
      if (reply.delayMs !== undefined) await sleep(reply.delayMs);
      if (reply.hang === true) return;
      if (reply.destroy === true) {
        response.socket?.destroy();
        return;
      }
      send(response, reply);
    } catch {
      response.destroy();
    }
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    hostPort: `127.0.0.1:${port}`,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    route: (path, route) => {
      routes.set(path, route);
      counts.delete(path);
    },
    received,
    requests: (path) => received.filter((request) => request.path === path),
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A loopback port that was open a moment ago and is now closed: connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = await startTestServer();
  await server.close();
  return server.port;
}

/** A promise with its resolve function, to hold a reply until the test says so. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
