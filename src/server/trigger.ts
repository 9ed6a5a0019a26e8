/**
 * `POST /t/<token>` straight from `node:http`: the hot path of inbound traffic, answered
 * without building a WHATWG Request and Response per call. Only bytes in and out are done
 * here; what a trigger call does and answers is `handleTrigger`'s.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { wantsWait } from '../executions/execution-service.js';
import { bodyTooLarge } from './body-limit.js';
import type { ApiDependencies } from './context.js';
import { ClientGoneError } from './errors.js';
import {
  handleTrigger,
  TRIGGER_PATH,
  type TriggerHooks,
  type TriggerReply,
} from './trigger-handler.js';

export interface TriggerListenerOptions extends TriggerHooks {
  ready: Promise<void>;
}

/**
 * A `node:http` request handler for `POST /t/<token>`: returns false for every other request
 * (the caller hands those to the hono app), true when it has taken the request.
 */
export function createTriggerListener(
  deps: ApiDependencies,
  options: TriggerListenerOptions,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const url = request.url ?? '';
    if (request.method !== 'POST' || !url.startsWith(TRIGGER_PATH)) return false;
    const queryAt = url.indexOf('?');
    const token = url.slice(TRIGGER_PATH.length, queryAt === -1 ? undefined : queryAt);
    // Anything unusual (a deeper path, escapes) takes the general route, which knows it all.
    if (token === '' || !/^[A-Za-z0-9_-]+$/.test(token)) return false;
    const query = queryAt === -1 ? undefined : new URLSearchParams(url.slice(queryAt + 1));
    const call = {
      token,
      contentType: request.headers['content-type'] ?? '',
      wait: wantsWait(query?.get('wait') ?? undefined),
      declaredBytes: Number(request.headers['content-length'] ?? 0),
      readBody: (limit: number) => readBody(request, limit),
    };
    void handleTrigger(deps, call, options).then((reply) => {
      send(response, reply);
    });
    return true;
  };
}

/** The request body as UTF-8 text, refused past `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(bodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    request.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
    // A client that goes away mid-body: nothing starts (`close` after `end` changes nothing).
    request.on('close', () => {
      if (!ended) reject(new ClientGoneError('the request body was cut off'));
    });
  });
}

function send(response: ServerResponse, reply: TriggerReply): void {
  if (response.headersSent) return;
  const text = JSON.stringify(reply.body);
  if (reply.closeConnection) response.setHeader('connection', 'close');
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
