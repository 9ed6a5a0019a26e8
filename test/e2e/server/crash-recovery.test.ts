/**
 * docs/server.md "nothing is lost if the process dies at any point": `hookline serve` is SIGKILLed
 * at several moments of a delivery's life, restarted on the same data directory, and the
 * event still arrives with its original webhook-id. The scenarios are independent (own data
 * directory, receiver and port) and run concurrently: three of them wait for a 16 s lease.
 */
import { afterAll, describe, it } from 'vitest';
import {
  answer,
  hold,
  inTurn,
  reply,
  verifyDelivery,
  webhookIdOf,
  type Received,
} from '../support/receiver.js';
import { killAll } from '../support/serve-process.js';
import {
  callingFlow,
  createDefaultWebhook,
  createFlow,
  deliveriesOf,
  deliveryWithStatus,
  ok,
  SHORT_LEASE,
  startExecution,
  startStack,
  storingFlow,
  until,
} from './helpers.js';

const KILLED = { code: null, signal: 'SIGKILL' };

afterAll(killAll);

/** The received requests once `count` of them have arrived at `path`. */
function receivedAtLeast(
  stack: { receiver: { received(path: string): Received[] } },
  path: string,
  count: number,
): Promise<Received[]> {
  return until(`${count} request(s) at ${path}`, () => {
    const all = stack.receiver.received(path);
    return all.length >= count ? all : undefined;
  });
}

describe.concurrent(
  'hookline serve: SIGKILL at any point loses no delivery',
  { timeout: 90_000 },
  () => {
    it('a. before the run: an execution stored queued without a worker runs after a restart, and its delivery goes out', async ({
      expect,
      onTestFinished,
    }) => {
      const stack = await startStack({ args: ['--no-worker'] });
      onTestFinished(() => stack.close());
      const { secret } = await createDefaultWebhook(stack.serve, stack.receiver.url('/events'));
      const flowId = await createFlow(stack.serve, storingFlow());
      const execution = await startExecution(stack.serve, flowId, { wait: false });
      expect(execution.status).toBe('queued');
      expect(await deliveriesOf(stack.serve, execution.id)).toEqual([]);

      expect(await stack.serve.kill('SIGKILL')).toEqual(KILLED);
      expect(stack.receiver.received()).toEqual([]);
      await stack.restart({ args: [] });

      const [request] = await receivedAtLeast(stack, '/events', 1);
      expect(verifyDelivery(secret, request!).data.executionId).toBe(execution.id);
      const delivered = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
      expect(webhookIdOf(request!)).toBe(delivered.webhookMessageId);
      expect(delivered.attempts.map((attempt: any) => attempt.status)).toEqual([200]);
    });

    it('b. during the send: the attempt in flight is sent again after the lease, same webhook-id', async ({
      expect,
      onTestFinished,
    }) => {
      const stack = await startStack({ env: SHORT_LEASE });
      onTestFinished(() => stack.close());
      stack.receiver.handle('/events', inTurn(hold, reply(200)));
      const { secret } = await createDefaultWebhook(stack.serve, stack.receiver.url('/events'));
      const flowId = await createFlow(stack.serve, storingFlow());
      const execution = await startExecution(stack.serve, flowId);
      await receivedAtLeast(stack, '/events', 1);
      const [inFlight] = await deliveriesOf(stack.serve, execution.id);
      expect(inFlight).toMatchObject({ status: 'pending', attempts: [] });

      expect(await stack.serve.kill('SIGKILL')).toEqual(KILLED);
      await stack.restart();

      const delivered = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
      expect(delivered.webhookMessageId).toBe(inFlight.webhookMessageId);
      expect(delivered.attempts.at(-1)).toMatchObject({ status: 200, error: null });
      const copies = stack.receiver.received('/events');
      expect(copies).toHaveLength(2);
      for (const copy of copies) {
        expect(webhookIdOf(copy)).toBe(inFlight.webhookMessageId);
        expect(verifyDelivery(secret, copy).data.executionId).toBe(execution.id);
      }
    });

    it('c. after the 200 but before it is recorded: the delivery still ends succeeded', async ({
      expect,
      onTestFinished,
    }) => {
      const stack = await startStack({ env: SHORT_LEASE });
      onTestFinished(() => stack.close());
      const first = stack.serve;
      // The first answer is sent in full, then the server dies at once.
      const killOnFinish: Parameters<typeof inTurn>[0] = (_request, response) => {
        response.on('finish', () => first.child.kill('SIGKILL'));
        answer(response, 200);
      };
      stack.receiver.handle('/events', inTurn(killOnFinish, reply(200)));
      const { secret } = await createDefaultWebhook(first, stack.receiver.url('/events'));
      const flowId = await createFlow(first, storingFlow());
      const execution = await startExecution(first, flowId);

      expect(await first.exited).toEqual(KILLED);
      const restartedAt = Date.now();
      await stack.restart();

      const delivered = await deliveryWithStatus(stack.serve, execution.id, 'succeeded');
      expect(delivered.attempts.at(-1)).toMatchObject({ status: 200 });
      const copies = stack.receiver.received('/events');
      expect(copies.length).toBeGreaterThanOrEqual(1);
      for (const copy of copies) {
        expect(webhookIdOf(copy)).toBe(delivered.webhookMessageId);
        expect(verifyDelivery(secret, copy).data.executionId).toBe(execution.id);
      }
      // Either the 200 was recorded before the kill (one copy), or it was sent again after.
      if (copies.length > 1) expect(copies.at(-1)!.at).toBeGreaterThanOrEqual(restartedAt);
    });

    it('d. a burst of 30 ended executions, killed mid-way: every flow.completed arrives', async ({
      expect,
      onTestFinished,
    }) => {
      const total = 30;
      const stack = await startStack({ env: SHORT_LEASE });
      onTestFinished(() => stack.close());
      let restarted = false;
      let answered = 0;
      // 8 deliveries are answered, then the endpoint hangs (attempts in flight) until the restart.
      stack.receiver.handle('/events', (_request, response) => {
        if (!restarted && answered >= 8) return;
        answered += 1;
        answer(response, 200);
      });
      const { secret } = await createDefaultWebhook(stack.serve, stack.receiver.url('/events'));
      const flowId = await createFlow(stack.serve, storingFlow());
      const executions = await Promise.all(
        Array.from({ length: total }, () => startExecution(stack.serve, flowId)),
      );
      const ids = new Set(executions.map((execution) => execution.id as string));
      expect(ids.size).toBe(total);
      await receivedAtLeast(stack, '/events', 9);
      const before = await ok(stack.serve.api('GET', '/v1/deliveries?limit=200'));
      expect(before.items).toHaveLength(total);
      expect(before.items.filter((item: any) => item.status === 'pending').length).toBeGreaterThan(
        total - 9,
      );

      expect(await stack.serve.kill('SIGKILL')).toEqual(KILLED);
      restarted = true;
      await stack.restart();

      const all = await until('a flow.completed for every execution', () => {
        const received = stack.receiver.received('/events');
        return new Set(received.map(webhookIdOf)).size >= total ? received : undefined;
      });
      const executionOf = new Map<string, string>();
      for (const request of all) {
        const event = verifyDelivery(secret, request);
        const known = executionOf.get(webhookIdOf(request));
        if (known !== undefined) expect(event.data.executionId).toBe(known);
        executionOf.set(webhookIdOf(request), event.data.executionId as string);
      }
      expect(executionOf.size).toBe(total);
      expect(new Set(executionOf.values())).toEqual(ids);
      const page = await until('every delivery recorded succeeded', async () => {
        const body = await ok(stack.serve.api('GET', '/v1/deliveries?limit=200'));
        return body.items.every((item: any) => item.status === 'succeeded') ? body : undefined;
      });
      expect(page.items).toHaveLength(total);
    });

    it('e. executions cut off mid-run end INTERRUPTED and their flow.completed still arrives', async ({
      expect,
      onTestFinished,
    }) => {
      const stack = await startStack();
      onTestFinished(() => stack.close());
      stack.receiver.handle('/slow', hold);
      const { secret } = await createDefaultWebhook(stack.serve, stack.receiver.url('/events'));
      const flowId = await createFlow(
        stack.serve,
        callingFlow({ url: stack.receiver.url('/slow') }),
      );
      const started = await Promise.all(
        [1, 2, 3].map(() => startExecution(stack.serve, flowId, { wait: false })),
      );
      await receivedAtLeast(stack, '/slow', 3);

      expect(await stack.serve.kill('SIGKILL')).toEqual(KILLED);
      await stack.restart();

      for (const execution of started) {
        const read = await ok(stack.serve.api('GET', `/v1/executions/${execution.id as string}`));
        expect(read).toMatchObject({ status: 'failed', endReason: 'INTERRUPTED' });
      }
      const events = await receivedAtLeast(stack, '/events', 3);
      const data = events.map((request) => verifyDelivery(secret, request).data);
      expect(new Set(data.map((item) => item.executionId))).toEqual(
        new Set(started.map((execution) => execution.id as string)),
      );
      for (const item of data) {
        expect(item).toMatchObject({ flowId, status: 'failed', endReason: 'INTERRUPTED' });
      }
    });
  },
);
