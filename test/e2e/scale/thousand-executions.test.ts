/**
 * docs/deploy.md scale-out mode under load and failures, with real processes: one `hookline
 * serve --no-worker` takes 1,000 executions through the API (in parallel batches), two
 * `hookline worker` processes run them, each ending in a flow end webhook to a loopback
 * receiver. In the middle, one worker is SIGKILLed and every Redis key of the installation is
 * deleted. Nothing is lost: every execution ends (completed, or failed INTERRUPTED when the
 * killed worker was running it) and its event arrives, signed, always with the same
 * `webhook-id` (at-least-once: a repeat is counted and must stay rare). A second API process
 * answers `?wait=true` for executions a worker runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answer,
  startReceiver,
  verifyDelivery,
  webhookIdOf,
  type Receiver,
} from '../support/receiver.js';
import type { ServeProcess } from '../support/serve-process.js';
import {
  callingFlow,
  createDefaultWebhook,
  createFlow,
  ok,
  QUICK_RETRIES,
  until,
} from '../server/helpers.js';
import { createInstallation, type Installation } from './installation.js';

const EXECUTIONS = 1_000;
const BATCH = 50;
/** The customer API's answer time: each execution holds a worker slot this long. */
const API_DELAY_MS = 20;

let installation: Installation | undefined;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.handle('/api', (_request, response) => {
    setTimeout(() => {
      answer(response, 200, '{"ok": true}');
    }, API_DELAY_MS);
  });
  installation = await createInstallation({
    ...QUICK_RETRIES,
    // A killed worker's executions are taken over within ~3 s, its in-flight attempts after 16 s.
    HOOKLINE_EXECUTION_LEASE_SECONDS: '2',
    HOOKLINE_EXECUTION_HEARTBEAT_SECONDS: '1',
    HOOKLINE_DELIVERY_LEASE_SECONDS: '16',
  });
}, 60_000);
afterAll(async () => {
  await installation?.close();
  await receiver.close();
}, 60_000);

/** Starts `count` executions through `api` in parallel batches; returns their ids in order. */
async function startMany(api: ServeProcess, flowId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - done) }, () =>
        ok(api.api('POST', `/v1/flows/${flowId}/executions`, { body: {} }), 'POST executions'),
      ),
    );
    ids.push(...batch.map((record) => record.id as string));
  }
  return ids;
}

/** The flow end events received so far, by execution id (each receipt once per request). */
function eventsByExecution(secret: string): Map<string, Array<{ webhookId: string; data: any }>> {
  const byExecution = new Map<string, Array<{ webhookId: string; data: any }>>();
  for (const request of receiver.received('/events')) {
    const event = verifyDelivery(secret, request);
    if (event.type !== 'flow.completed') continue;
    const list = byExecution.get(event.data.executionId) ?? [];
    list.push({ webhookId: webhookIdOf(request), data: event.data });
    byExecution.set(event.data.executionId, list);
  }
  return byExecution;
}

describe(
  'scale-out mode: 1,000 executions, a worker killed, Redis emptied',
  { timeout: 150_000 },
  () => {
    it('ends every execution and delivers every flow end event', async () => {
      const setup = installation!;
      const [api, otherApi, killed, survivor] = await Promise.all([
        setup.startApi(),
        setup.startApi(),
        setup.startWorker(8),
        setup.startWorker(8),
      ]);
      const { secret } = await createDefaultWebhook(api, receiver.url('/events'));
      const flowId = await createFlow(api, callingFlow({ url: receiver.url('/api') }));

      // The failures come while executions are being started and run.
      const failures = (async () => {
        await until('250 flow end events', () =>
          receiver.received('/events').length >= 250 ? true : undefined,
        );
        const killedAt = receiver.received('/api').length;
        expect(await killed.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
        await until('250 more calls to the API', () =>
          receiver.received('/api').length >= killedAt + 250 ? true : undefined,
        );
        return setup.deleteRedisKeys();
      })();
      const startedAt = Date.now();
      const ids = await startMany(api, flowId, EXECUTIONS);
      const deletedKeys = await failures;
      // The keys existed (queue jobs, signals): deleting them is what Redis lost.
      expect(deletedKeys).toBeGreaterThan(0);

      const events = await until(
        `the flow end events of ${EXECUTIONS} executions`,
        () => {
          const byExecution = eventsByExecution(secret);
          return ids.every((id) => byExecution.has(id)) ? byExecution : undefined;
        },
        100_000,
      );
      const seconds = (Date.now() - startedAt) / 1000;

      // Each execution's event carries one webhook-id whatever the number of receipts.
      const outcomes = new Map<string, number>();
      let duplicates = 0;
      for (const id of ids) {
        const receipts = events.get(id)!;
        expect(new Set(receipts.map((receipt) => receipt.webhookId)).size).toBe(1);
        duplicates += receipts.length - 1;
        const { status, endReason } = receipts[0]!.data;
        const outcome = status === 'completed' ? 'completed' : `${status}/${endReason}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      expect(events.size).toBe(EXECUTIONS);
      console.log(
        `scale-out: ${EXECUTIONS} executions in ${seconds.toFixed(1)} s, outcomes ` +
          `${JSON.stringify(Object.fromEntries(outcomes))}, ${duplicates} duplicate deliveries ` +
          `(${((duplicates / EXECUTIONS) * 100).toFixed(1)}%), ${deletedKeys} Redis keys deleted`,
      );
      // Only the killed worker's running executions end interrupted; all the others complete.
      expect([...outcomes.keys()].sort()).toEqual(['completed', 'failed/INTERRUPTED']);
      expect(outcomes.get('failed/INTERRUPTED')).toBeLessThanOrEqual(8);
      // Only attempts in flight on the killed worker repeat: at most 16 per endpoint (docs/server.md).
      expect(duplicates).toBeLessThanOrEqual(16);

      // The store agrees: nothing is left queued or running, and the statuses match the events.
      for (const status of ['queued', 'running']) {
        const listed = await ok(api.api('GET', `/v1/executions?flowId=${flowId}&status=${status}`));
        expect(listed.items).toEqual([]);
      }
      const sample = await Promise.all(
        ids.slice(0, 40).map((id) => ok(otherApi.api('GET', `/v1/executions/${id}`))),
      );
      for (const record of sample) {
        expect(record.status).toBe(events.get(record.id)![0]!.data.status);
      }

      // ?wait=true on the other API process answers once a worker has run the execution.
      const waited = await Promise.all(
        Array.from({ length: 10 }, () =>
          ok(otherApi.api('POST', `/v1/flows/${flowId}/executions?wait=true`, { body: {} })),
        ),
      );
      expect(waited.map((record) => record.status)).toEqual(waited.map(() => 'completed'));
      expect(waited[0].path).toEqual(['call', 'bye']);
      expect(`${survivor.stderr()}${api.stderr()}${otherApi.stderr()}`).toContain(
        'ended executions whose process is gone',
      );
    });
  },
);
