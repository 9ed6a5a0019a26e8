/**
 * The dispatcher over a real SQLite file: the store group-commits each turn's attempt
 * records with the claim that follows them, and folds the privacy purge into the record of
 * an execution's last final attempt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../storage/sqlite/index.js';
import type { ExecutionRecord, Storage } from '../storage/ports.js';
import { event } from './events.js';
import { newDelivery } from './new-delivery.js';
import { ACCOUNT_ID, type Harness } from './testing/harness.js';
import { createGate, reply } from './testing/receiver.js';
import { dispatcherSuite } from './testing/suite.js';
import { waitFor } from './testing/wait-for.js';

// Registered before the suite's hooks, so it runs after them: dispatchers stop first.
const opened: Array<{ storage: Storage; dir: string }> = [];
afterEach(async () => {
  for (const { storage, dir } of opened.splice(0)) {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function openSqlite(): Storage {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-dispatcher-'));
  const storage = createSqliteStorage({ file: join(dir, 'hookline.db') });
  opened.push({ storage, dir });
  return storage;
}

const { receiver, harness } = dispatcherSuite(openSqlite);

const VARIABLES = {
  '$flow.key.card': '4111 1111',
  '$flow.key.order': 'A-1',
  '$user.key.tier': 'gold',
};

/** An execution that ended with deliveries to `webhookIds`, its variables not yet purged. */
async function endedExecution(
  storage: Storage,
  h: Harness,
  id: string,
  webhookIds: string[],
  dueInMs = 0,
): Promise<void> {
  const at = h.now().toISOString();
  const running: ExecutionRecord = {
    id,
    accountId: ACCOUNT_ID,
    flowId: 'flow_1',
    flowVersion: 1,
    status: 'running',
    endReason: null,
    direction: 'api',
    from: '+15550001',
    to: '+15550002',
    variables: VARIABLES,
    persisted: ['$flow.key.order'],
    path: [],
    events: [],
    steps: [],
    createdAt: at,
    startTime: at,
    endTime: null,
    variablesPurged: false,
    scheduledFor: null,
  };
  await storage.executions.createExecution(running);
  const deliveries = webhookIds.map((webhookId, index) => {
    return newDelivery({
      id: `dlv_${id}_${index}`,
      accountId: ACCOUNT_ID,
      webhook: { id: webhookId, disabledAt: null },
      executionId: id,
      event: event('flow.completed', { executionId: id }, at),
      now: h.now(),
      firstAttemptAt: new Date(h.now().getTime() + dueInMs),
    });
  });
  const ended = { ...running, status: 'completed' as const, endReason: 'end', endTime: at };
  await storage.executions.finishExecution(ended, deliveries);
}

describe('dispatcher over SQLite', () => {
  it("purges an execution's variables with its last final attempt, not while one is pending", async () => {
    let failing = true;
    const slow = await receiver((_request, response) => {
      reply(response, failing ? 503 : 200);
    });
    const fast = await receiver((_request, response) => {
      reply(response, 200);
    });
    const storage = openSqlite();
    const h = harness({ schedule: [0, 3600] }, storage);
    const a = await h.addWebhook(fast.url());
    const b = await h.addWebhook(slow.url());
    await endedExecution(storage, h, 'exec_1', [a.id, b.id]);
    const variables = async () =>
      (await storage.executions.getExecution(ACCOUNT_ID, 'exec_1'))?.variables;
    h.dispatcher.start();
    await waitFor(() => fast.received.length === 1 && slow.received.length === 1, 'attempts');
    await waitFor(() => h.reported.length === 2, 'both recorded');
    expect(h.reported.map((r) => r.outcome).sort()).toEqual(['retrying', 'succeeded']);
    // One delivery is done, the other will be retried: nothing is purged yet.
    expect(await variables()).toEqual(VARIABLES);

    failing = false;
    h.advance(3_600_000);
    h.dispatcher.wake();
    await waitFor(() => h.reported.length === 3, 'the retry');
    expect(await variables()).toEqual({ '$flow.key.order': 'A-1', '$user.key.tier': 'gold' });
    expect((await storage.executions.getExecution(ACCOUNT_ID, 'exec_1'))?.variablesPurged).toBe(
      true,
    );
  });

  it('keeps the per-webhook cap and every lease while a hanging endpoint holds its slots', async () => {
    const gate = createGate();
    const hanging = await receiver(async (_request, response) => {
      await gate.opened;
      reply(response, 200);
    });
    const healthy = await receiver((_request, response) => {
      reply(response, 200);
    });
    const storage = openSqlite();
    const h = harness({ perWebhookLimit: 3 }, storage);
    const stuck = await h.addWebhook(hanging.url());
    const ok = await h.addWebhook(healthy.url());
    const toStuck = [];
    for (let i = 0; i < 12; i += 1) toStuck.push(await h.addDelivery(stuck.id));
    const toOk = [];
    for (let i = 0; i < 9; i += 1) toOk.push(await h.addDelivery(ok.id));
    h.dispatcher.start();
    for (const delivery of toOk) {
      await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'ok');
    }
    expect(hanging.inFlight).toBe(3);
    const leased = [];
    for (const delivery of toStuck) {
      if ((await h.delivery(delivery.id)).leaseUntil !== null) leased.push(delivery.id);
    }
    expect(leased).toHaveLength(3);
    expect(healthy.maxInFlight).toBeLessThanOrEqual(3);

    gate.open();
    for (const delivery of toStuck) {
      await waitFor(async () => (await h.delivery(delivery.id)).status === 'succeeded', 'stuck');
    }
    expect(hanging.maxInFlight).toBe(3);
    expect(new Set(hanging.received.map((r) => r.headers['webhook-id'])).size).toBe(12);
    for (const delivery of [...toStuck, ...toOk]) {
      expect(await h.attempts(delivery.id)).toHaveLength(1);
      expect((await h.delivery(delivery.id)).leaseUntil).toBeNull();
    }
  });

  it('410 disables the webhook; the executions its failed deliveries settle are purged', async () => {
    const gone = await receiver((_request, response) => {
      reply(response, 410);
    });
    const storage = openSqlite();
    const h = harness({}, storage);
    const webhook = await h.addWebhook(gone.url());
    await endedExecution(storage, h, 'exec_now', [webhook.id]);
    await endedExecution(storage, h, 'exec_later', [webhook.id], 60_000);
    const purged = async (id: string) =>
      (await storage.executions.getExecution(ACCOUNT_ID, id))?.variablesPurged;
    expect(await purged('exec_later')).toBe(false);
    h.dispatcher.start();
    await waitFor(
      async () => (await storage.webhooks.getWebhookById(webhook.id))?.disabledAt != null,
      'disabled',
    );
    await waitFor(() => h.reported.length === 1, 'recorded');
    expect(await h.attempts('dlv_exec_now_0')).toMatchObject([{ attempt: 1, status: 410 }]);
    expect(await h.delivery('dlv_exec_later_0')).toMatchObject({
      status: 'failed',
      attemptCount: 0,
    });
    // Failed for good, both of them: the one attempted and the one never sent.
    expect(await purged('exec_now')).toBe(true);
    expect(await purged('exec_later')).toBe(true);
    expect(gone.received).toHaveLength(1);
  });
});
