import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_A, at, attempt, delivery, execution } from '../contract/fixtures.js';
import type { ClaimRequest, Storage } from '../ports.js';
import { createPostgresStorage, migratePostgres } from './index.js';
import { listMigrations } from './migrate.js';
import { createTestDatabase, type TestDatabase } from './testing/database.js';

// Two Storage instances (two pools) on one database stand for two `hookline serve`
// processes sharing PostgreSQL.
let database: TestDatabase | undefined;
let schemas = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

function options() {
  if (!database) throw new Error('the test database was not created (see the error above)');
  schemas += 1;
  return { connectionString: database.url, schema: `processes_${schemas}`, poolSize: 4 };
}

async function twoProcesses(): Promise<[Storage, Storage, () => Promise<void>]> {
  const shared = options();
  const one = await createPostgresStorage(shared);
  const two = await createPostgresStorage(shared);
  const close = async () => {
    await Promise.all([one.close(), two.close()]);
  };
  return [one, two, close];
}

const WEBHOOKS = ['wh_a', 'wh_b', 'wh_c', 'wh_d'];
const CAP = 3;
const claim: ClaimRequest = {
  now: at(1000),
  limit: 5,
  leaseUntil: at(100_000),
  perWebhookLimit: CAP,
};

/** `count` deliveries due now, spread over WEBHOOKS. */
async function enqueue(storage: Storage, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, index) =>
    delivery(`dl_${String(index).padStart(4, '0')}`, ACCOUNT_A, {
      webhookId: WEBHOOKS[index % WEBHOOKS.length]!,
      nextAttemptAt: at(index % 7),
    }),
  );
  await storage.deliveries.enqueueDeliveries(rows);
}

describe('postgres: two processes on one database', () => {
  it('migrate at once: each migration is applied once, and both stores open', async () => {
    const shared = options();
    const results = await Promise.all([migratePostgres(shared), migratePostgres(shared)]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(listMigrations());
    expect(await migratePostgres(shared)).toEqual({ applied: [] });
  });

  it('claiming at once never hands a delivery out twice and holds each webhook cap', async () => {
    const [one, two, close] = await twoProcesses();
    try {
      await enqueue(one, 80);
      // Leases never run out here and nothing is recorded: whatever both ever claim counts.
      const rounds = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          (index % 2 === 0 ? one : two).deliveries.claimDueDeliveries(claim),
        ),
      );
      const claimed = rounds.flat();
      expect(new Set(claimed.map((row) => row.id)).size).toBe(claimed.length);
      for (const webhookId of WEBHOOKS) {
        expect(claimed.filter((row) => row.webhookId === webhookId).length).toBeLessThanOrEqual(
          CAP,
        );
      }
    } finally {
      await close();
    }
  });

  it('workers in both deliver everything once, never over a webhook cap', async () => {
    const [one, two, close] = await twoProcesses();
    const total = 120;
    try {
      await enqueue(one, total);
      const claims = new Map<string, number>();
      // A delivery counts as in flight from its claim's return until its record starts:
      // always within the time its lease is held in the database, so never over-counted.
      const inFlight = new Map<string, number>();
      let highest = 0;
      const worker = async (storage: Storage) => {
        for (;;) {
          const rows = await storage.deliveries.claimDueDeliveries(claim);
          if (rows.length === 0) {
            if ((await storage.deliveries.countPendingDeliveries()) === 0) return;
            await sleep(5); // the others hold every slot: poll again shortly
            continue;
          }
          for (const row of rows) {
            claims.set(row.id, (claims.get(row.id) ?? 0) + 1);
            const held = (inFlight.get(row.webhookId) ?? 0) + 1;
            inFlight.set(row.webhookId, held);
            highest = Math.max(highest, held);
          }
          await Promise.all(
            rows.map((row) => {
              inFlight.set(row.webhookId, (inFlight.get(row.webhookId) ?? 1) - 1);
              return storage.deliveries.recordAttempt({
                attempt: attempt(row.id, 1, { status: 200 }),
                status: 'succeeded',
                nextAttemptAt: null,
              });
            }),
          );
        }
      };
      await Promise.all([worker(one), worker(one), worker(two), worker(two)]);
      expect(claims.size).toBe(total);
      expect([...claims.values()].every((count) => count === 1)).toBe(true);
      expect(highest).toBeLessThanOrEqual(CAP);
      expect(await two.deliveries.countPendingDeliveries()).toBe(0);
    } finally {
      await close();
    }
  });
});

describe('postgres: live executions in two processes', () => {
  it('appending at once numbers an execution’s events 1, 2, 3, ... with no gap or repeat', async () => {
    const [one, two, close] = await twoProcesses();
    try {
      const appends = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          (index % 2 === 0 ? one : two).executions.appendExecutionEvents('ex_1', [
            { type: 'step', at: at(index), append: index },
            { type: 'play', at: at(index), append: index },
          ]),
        ),
      );
      // Each append's events are numbered together, one after the other.
      for (const events of appends) expect(events[1]!.seq).toBe(events[0]!.seq + 1);
      const stored = await one.executions.listExecutionEvents('ex_1', 0, 100);
      expect(stored.map((event) => event.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      expect(stored).toEqual(appends.flat().sort((a, b) => a.seq - b.seq));
    } finally {
      await close();
    }
  });

  it('claiming the same executions by id at once: each is claimed once, by one process', async () => {
    const [one, two, close] = await twoProcesses();
    try {
      const ids = Array.from({ length: 30 }, (_, index) => `ex_${String(index).padStart(2, '0')}`);
      await one.executions.createExecutions(ids.map((id) => execution(id, ACCOUNT_A)));
      // Each process claims them all in one turn, in opposite orders (grouped statements
      // locking overlapping rows).
      const claims = await Promise.all([
        ...ids.map((id) =>
          one.executions.claimQueuedExecution(id, { owner: 'one', leaseUntil: at(500) }, at(100)),
        ),
        ...[...ids]
          .reverse()
          .map((id) =>
            two.executions.claimQueuedExecution(id, { owner: 'two', leaseUntil: at(500) }, at(100)),
          ),
      ]);
      const claimed = claims.flatMap((record) => (record === undefined ? [] : [record.id]));
      expect(claimed.sort()).toEqual(ids);
      const held =
        (await one.executions.renewExecutionLeases('one', ids, at(600))) +
        (await two.executions.renewExecutionLeases('two', ids, at(600)));
      expect(held).toBe(30);
    } finally {
      await close();
    }
  });

  it('two processes answering one wait at once: exactly one answer applies', async () => {
    const [one, two, close] = await twoProcesses();
    try {
      const ids = Array.from({ length: 10 }, (_, index) => `ex_${index}`);
      for (const id of ids) {
        const running = execution(id, ACCOUNT_A, { status: 'running' });
        await one.executions.createExecution(running);
        const waiting = { sequence: 1, widgetId: 'ask', prompt: 'PIN?', maxDigits: 4 };
        await one.executions.waitExecution({
          ...running,
          status: 'waiting',
          waiting: { ...waiting, timeoutSeconds: 5, dueAt: at(30), resume: {} },
        });
      }
      const answers = await Promise.all(
        ids.flatMap((id) => [one, two].map((storage) => storage.executions.resumeExecution(id, 1))),
      );
      expect(answers.filter(Boolean)).toHaveLength(ids.length);
      for (let index = 0; index < answers.length; index += 2) {
        expect(answers[index]).not.toBe(answers[index + 1]);
      }
    } finally {
      await close();
    }
  });
});

describe('postgres: opening', () => {
  it('refuses a schema name it would have to quote, before connecting', async () => {
    const connectionString = 'postgres://postgres@127.0.0.1:1/none';
    await expect(createPostgresStorage({ connectionString, schema: 'Hook-Line' })).rejects.toThrow(
      'invalid PostgreSQL schema name "Hook-Line": lower-case letters, digits and _ only',
    );
  });

  it('fails to open when the server cannot be reached', async () => {
    const connectionString = 'postgres://postgres@127.0.0.1:1/none';
    await expect(createPostgresStorage({ connectionString })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('postgres: retention against a resend in another process', () => {
  /** Polls until a statement on this database waits for a lock (the prune, behind the resend). */
  async function untilSomeoneWaits(client: pg.Client): Promise<void> {
    for (;;) {
      const { rows } = await client.query<{ waiting: number }>(
        `SELECT COUNT(*)::integer AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.waiting ?? 0) > 0) return;
      await sleep(5);
    }
  }

  it('a resend committed while a prune waits keeps the delivery and its execution', async () => {
    const shared = options();
    const storage = await createPostgresStorage(shared);
    const other = new pg.Client({
      connectionString: shared.connectionString,
      options: `-c search_path=${shared.schema}`,
    });
    await other.connect();
    try {
      const ended = execution('ex_1', ACCOUNT_A, { status: 'completed', endTime: at(30) });
      const failed = delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1', status: 'failed' });
      await storage.executions.finishExecution(ended, [failed]);
      // Another process resends it (requeueDelivery's write), not yet committed.
      await other.query('BEGIN');
      await other.query(`UPDATE deliveries SET status = 'pending' WHERE id = 'dl_1'`);
      const pruned = storage.retention.pruneExpired({ keepLatest: 0, limit: 10 });
      await untilSomeoneWaits(other);
      await other.query('COMMIT');
      expect(await pruned).toEqual({ executions: 0, deliveries: 0, attempts: 0, more: false });
      expect(await storage.deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        status: 'pending',
      });
      expect(await storage.executions.getExecution(ACCOUNT_A, 'ex_1')).toBeDefined();
    } finally {
      await other.end();
      await storage.close();
    }
  });
});
