/**
 * The benchmark's remote API: a bare `node:http` server on 127.0.0.1, run in a CHILD PROCESS
 * so its CPU never shares (or shows up in) the measured process's event loop and cpuUsage.
 *
 * POST /customers/<id> answers `{"customer":{"id","name","tier"}}`; even ids are "gold", so
 * both branches of the benchmark flow's decision run. It reports its port over IPC once
 * listening, and answers `{ type: 'stats' }` with the connections and requests seen so far.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ServerMessage =
  { type: 'listening'; port: number } | { type: 'stats'; connections: number; requests: number };

let connections = 0;
let requests = 0;

const PREFIX = '/customers/';

const server = createServer((request, response) => {
  requests += 1;
  // The body must be read for the connection to be reused; its content does not matter here.
  request.resume();
  request.on('end', () => {
    const url = request.url ?? '';
    const id = url.startsWith(PREFIX) ? url.slice(PREFIX.length) : '';
    const tier = Number(id) % 2 === 0 ? 'gold' : 'silver';
    const body = JSON.stringify({ customer: { id, name: `Customer ${id}`, tier } });
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
});

server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.on('connection', () => {
  connections += 1;
});

const send = (message: ServerMessage): void => {
  process.send?.(message);
};

process.on('message', (message: { type?: string }) => {
  if (message.type === 'stats') send({ type: 'stats', connections, requests });
});
// The parent going away (even by a crash) ends the server.
process.on('disconnect', () => {
  process.exit(0);
});

server.listen(0, '127.0.0.1', () => {
  send({ type: 'listening', port: (server.address() as AddressInfo).port });
});
