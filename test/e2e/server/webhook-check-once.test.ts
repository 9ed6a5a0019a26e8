import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll } from '../support/serve-process.js';
import { ok, startStack, type Stack } from './helpers.js';

let stack: Stack;

beforeAll(async () => {
  // Retries 0.3 s apart (QUICK_RETRIES): a retried check would show a second attempt soon.
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

/** A loopback port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

describe('hookline serve: POST /v1/webhooks/{id}/check is one attempt (docs/server.md)', () => {
  it('answers a dead endpoint’s failure at once, records it, and never retries it', async () => {
    const port = await deadPort();
    const webhook = await ok(
      stack.serve.api('POST', '/v1/webhooks', {
        body: { name: 'dead', url: `http://127.0.0.1:${port}/hook` },
      }),
    );
    const check = await stack.serve.api('POST', `/v1/webhooks/${webhook.id as string}/check`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ reachable: false, ok: false, status: 0 });
    expect(check.body.error).toEqual(expect.any(String));

    const deliveryPath = `/v1/deliveries/${check.body.deliveryId as string}`;
    const recorded = await ok(stack.serve.api('GET', deliveryPath));
    expect(recorded).toMatchObject({ status: 'failed', attemptCount: 1, nextAttemptAt: null });
    // Past every retry delay of the schedule (0.3 s ±20%, twice): still the one attempt.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const later = await ok(stack.serve.api('GET', deliveryPath));
    expect(later).toMatchObject({ status: 'failed', attemptCount: 1 });
    expect(later.attempts).toHaveLength(1);
  });
});
