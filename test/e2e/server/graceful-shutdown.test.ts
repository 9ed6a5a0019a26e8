import type { ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { answer, verifyDelivery, webhookIdOf } from '../support/receiver.js';
import { killAll } from '../support/serve-process.js';
import {
  callingFlow,
  createDefaultWebhook,
  createFlow,
  deliveriesOf,
  deliveryWithStatus,
  ok,
  startExecution,
  startStack,
  storingFlow,
  until,
  type Stack,
} from './helpers.js';

let stack: Stack | undefined;

afterAll(async () => {
  await stack?.close();
  await killAll();
});

describe('hookline serve: graceful shutdown (SIGTERM)', () => {
  it('lets a running execution finish, exits 0, and its flow.completed goes out', async () => {
    stack = await startStack();
    const current = stack;
    const held: ServerResponse[] = [];
    // The webhook widget's slow endpoint: answered only when the test says so.
    current.receiver.handle('/slow', (_request, response) => held.push(response));
    const { secret } = await createDefaultWebhook(current.serve, current.receiver.url('/events'));
    const flowId = await createFlow(
      current.serve,
      callingFlow({ url: current.receiver.url('/slow') }),
    );
    const execution = await startExecution(current.serve, flowId, { wait: false });
    await until('the widget request', () => held[0]);

    const first = current.serve;
    first.child.kill('SIGTERM');
    await until('the stopping line', () =>
      first.stdout().includes('Hookline stopping') ? true : undefined,
    );
    // New requests are refused while the running execution is still being waited for.
    await expect(first.api('GET', '/healthz')).rejects.toThrow();
    expect(first.child.exitCode).toBeNull();

    held[0]!.writeHead(200, { 'content-type': 'application/json' }).end('{"ok": true}');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const exitedAt = Date.now();

    const restarted = await current.restart();
    const read = await ok(restarted.api('GET', `/v1/executions/${execution.id as string}`));
    expect(read).toMatchObject({ status: 'completed', endReason: 'hangup', path: ['call', 'bye'] });
    expect(read.steps[0].detail).toMatchObject({ status: 200 });
    expect(Date.parse(read.endTime as string)).toBeLessThanOrEqual(exitedAt);

    const delivered = await deliveryWithStatus(restarted, execution.id, 'succeeded');
    const copies = current.receiver.received('/events');
    expect(copies.length).toBeGreaterThanOrEqual(1);
    for (const copy of copies) {
      expect(webhookIdOf(copy)).toBe(delivered.webhookMessageId);
      expect(verifyDelivery(secret, copy).data).toMatchObject({
        executionId: execution.id,
        status: 'completed',
        endReason: 'hangup',
      });
    }
  });

  it('lets a delivery attempt in flight end and be recorded before exiting 0', async () => {
    const current = stack!;
    const held: ServerResponse[] = [];
    current.receiver.handle('/held', (_request, response) => held.push(response));
    await createDefaultWebhook(current.serve, current.receiver.url('/held'));
    const flowId = await createFlow(current.serve, storingFlow());
    const execution = await startExecution(current.serve, flowId);
    await until('the delivery attempt', () => held[0]);

    const first = current.serve;
    first.child.kill('SIGTERM');
    await until('the stopping line', () =>
      first.stdout().includes('Hookline stopping') ? true : undefined,
    );
    expect(first.child.exitCode).toBeNull();
    answer(held[0]!, 200);
    expect(await first.exited).toEqual({ code: 0, signal: null });

    // Recorded before the exit: no lease to wait for, no second copy.
    const restarted = await current.restart();
    const [delivery] = await deliveriesOf(restarted, execution.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: [{ status: 200 }] });
    expect(current.receiver.received('/held')).toHaveLength(1);
  });

  it('exits 0 at once when idle', async () => {
    const idle = stack!.serve;
    idle.child.kill('SIGTERM');
    expect(await idle.exited).toEqual({ code: 0, signal: null });
  });
});
