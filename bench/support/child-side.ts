/**
 * The child side of children.ts: answers the parent's `{id, type, ...}` requests over IPC
 * and announces the listening port. The parent going away ends the child (children.ts
 * preloads a SIGTERM on disconnect; this adds an exit for servers without a SIGTERM handler).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: Record<string, unknown>) => unknown;

export function answerRequests(handlers: Record<string, Handler>): void {
  process.on('message', (message: { id?: number; type?: string }) => {
    const { id, type } = message;
    if (typeof id !== 'number' || typeof type !== 'string') return;
    const handler = handlers[type];
    let reply: object;
    try {
      if (!handler) throw new Error(`unknown request "${type}"`);
      reply = { ...(handler(message) as object), id };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(reply);
  });
  process.once('SIGTERM', () => process.exit(0));
}

/** Listens on 127.0.0.1 (any free port) and tells the parent `{type: 'listening', port}`. */
export function listenOnLoopback(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
  });
}
