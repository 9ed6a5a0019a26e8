/**
 * The server benchmark's delivery receiver (child process): a bare `node:http` server that
 * answers every POST `200 {}` and remembers each delivery: its arrival time (wall clock in
 * ms with sub-ms precision: `performance.timeOrigin + performance.now()`), the executionId
 * in its payload, the raw body and the Standard Webhooks headers. Nothing is verified while
 * deliveries arrive, so the receiver stays cheap; `verify` checks every stored delivery's
 * signature with the `standardwebhooks` library afterwards.
 *
 * Requests from the parent (children.ts): `stats`, `lastEventAt`, `arrivalAt`, `timeline`, `arrivals`, `verify`,
 * `reset`.
 */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { answerRequests, listenOnLoopback } from './child-side.js';

interface Received {
  arrivalMs: number;
  executionId: string | undefined;
  body: string;
  headers: Record<string, string>;
}

let received: Received[] = [];

const SIGNED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

const server = createServer((incoming, response) => {
  const arrivalMs = performance.timeOrigin + performance.now();
  let body = '';
  incoming.setEncoding('utf8');
  incoming.on('data', (chunk: string) => (body += chunk));
  incoming.on('end', () => {
    const headers: Record<string, string> = {};
    for (const name of SIGNED_HEADERS) {
      const value = incoming.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let executionId: string | undefined;
    try {
      const payload = JSON.parse(body) as { data?: { executionId?: unknown } };
      if (typeof payload.data?.executionId === 'string') executionId = payload.data.executionId;
    } catch {
      // Counted as unverifiable by `verify`.
    }
    received.push({ arrivalMs, executionId, body, headers });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
    response.end('{}');
  });
});
server.keepAliveTimeout = 60_000;

answerRequests({
  reset: () => {
    received = [];
    return {};
  },
  stats: () => ({
    count: received.length,
    firstMs: received[0]?.arrivalMs ?? null,
    lastMs: received.at(-1)?.arrivalMs ?? null,
  }),
  /** The latest event `timestamp` received, in ms (a `flow.completed`'s is its execution's end). */
  lastEventAt: () => {
    let lastEventMs: number | null = null;
    for (const { body } of received) {
      try {
        const at = Date.parse((JSON.parse(body) as { timestamp?: string }).timestamp ?? '');
        if (Number.isFinite(at)) lastEventMs = Math.max(lastEventMs ?? at, at);
      } catch {
        // Counted as unverifiable by `verify`.
      }
    }
    return { lastEventMs };
  },
  /** The arrival time of the `index`th delivery received (0-based). */
  arrivalAt: (request) => ({ arrivalMs: received[Number(request['index'])]?.arrivalMs ?? null }),
  /** Arrivals per `bucketMs` from the first one, for a drain-rate timeline. */
  timeline: (request) => {
    const bucketMs = Number(request['bucketMs']);
    const first = received[0]?.arrivalMs ?? 0;
    const last = received.at(-1)?.arrivalMs ?? first;
    const buckets = new Array<number>(Math.floor((last - first) / bucketMs) + 1).fill(0);
    for (const { arrivalMs } of received) {
      const index = Math.floor((arrivalMs - first) / bucketMs);
      buckets[index] = (buckets[index] ?? 0) + 1;
    }
    return { buckets };
  },
  /** The first arrival of each execution's delivery: `[executionId, arrivalMs][]`. */
  arrivals: () => {
    const first = new Map<string, number>();
    for (const { executionId, arrivalMs } of received) {
      if (executionId !== undefined && !first.has(executionId)) first.set(executionId, arrivalMs);
    }
    return { arrivals: [...first] };
  },
  /**
   * Verifies every stored delivery with the webhook's secret; counts failures and repeated
   * `webhook-id`s (the same delivery received twice).
   */
  verify: (request) => {
    const webhook = new Webhook(String(request['secret']));
    let verified = 0;
    let failed = 0;
    let firstError: string | null = null;
    const ids = new Set<string>();
    let duplicates = 0;
    for (const delivery of received) {
      const id = delivery.headers['webhook-id'] ?? '';
      if (ids.has(id)) duplicates += 1;
      ids.add(id);
      try {
        webhook.verify(delivery.body, delivery.headers);
        verified += 1;
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
    return { verified, failed, firstError, duplicates };
  },
});
listenOnLoopback(server);
