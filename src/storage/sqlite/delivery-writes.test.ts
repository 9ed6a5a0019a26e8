/**
 * SQLite-only behaviour of the delivery writes: the group commit (records of one turn and
 * the claim after them, all or nothing when the commit fails), and the
 * query plans of the statements the dispatcher runs on every attempt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_A, at, attempt, delivery, execution } from '../contract/fixtures.js';
import type { AttemptResult, ClaimRequest, DeliveryStore } from '../ports.js';
import { LEASE_DELIVERIES } from './claim-sql.js';
import { openConnection, type Query, type SqliteConnection } from './connection.js';
import { createSqliteDeliveries } from './deliveries.js';
import { AFTER_ATTEMPT, FAIL_PENDING, PURGE_SETTLED, SELECT_SETTLED } from './delivery-writes.js';
import { createSqliteExecutions } from './executions.js';
import { migrateSqlite } from './index.js';
import { queryPlan } from './testing/query-plan.js';

let dir: string;
let file: string;
let sql: SqliteConnection;
let deliveries: DeliveryStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookline-delivery-writes-'));
  file = join(dir, 'hookline.db');
  migrateSqlite(file);
  sql = openConnection(file);
  deliveries = createSqliteDeliveries(sql);
});
afterEach(() => {
  sql.close();
  rmSync(dir, { recursive: true, force: true });
});

const claim = (now: number, perWebhookLimit: number): ClaimRequest => ({
  now: at(now),
  limit: 10,
  leaseUntil: at(now + 60),
  perWebhookLimit,
});
const succeeded = (deliveryId: string): AttemptResult => ({
  attempt: attempt(deliveryId, 1, { status: 200 }),
  status: 'succeeded',
  nextAttemptAt: null,
  endpoint: { succeeded: true, at: at(101) },
});
const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);

async function fourPendingTwoLeased(): Promise<void> {
  await deliveries.enqueueDeliveries(
    [1, 2, 3, 4].map((n) => delivery(`dl_${n}`, ACCOUNT_A, { nextAttemptAt: at(n) })),
  );
  expect(ids(await deliveries.claimDueDeliveries(claim(100, 2)))).toEqual(['dl_1', 'dl_2']);
}

describe('sqlite delivery group commit', () => {
  it("runs the claim after the turn's records, whenever it was queued", async () => {
    await fourPendingTwoLeased();
    // The claim is queued first, yet runs after the records: it sees both leases released.
    const claimed = deliveries.claimDueDeliveries(claim(101, 2));
    const recorded = [
      deliveries.recordAttempt(succeeded('dl_1')),
      deliveries.recordAttempt(succeeded('dl_2')),
    ];
    expect(ids(await claimed)).toEqual(['dl_3', 'dl_4']);
    await Promise.all(recorded);
    expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
      status: 'succeeded',
      leaseUntil: null,
    });
    expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_3'))?.leaseUntil).toBe(at(161));
  });

  it('rejects every write of a commit that fails, and leaves all of it undone', async () => {
    await fourPendingTwoLeased();
    const blocker = new Database(file);
    blocker.exec('BEGIN IMMEDIATE');
    sql.db.pragma('busy_timeout = 20');
    const results = await Promise.allSettled([
      deliveries.recordAttempt(succeeded('dl_1')),
      deliveries.recordAttempt(succeeded('dl_2')),
      deliveries.claimDueDeliveries(claim(101, 2)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    blocker.exec('ROLLBACK');
    blocker.close();
    // Nothing was stored: both leases still hold, so nothing more can be claimed.
    for (const id of ['dl_1', 'dl_2']) {
      expect(await deliveries.getDelivery(ACCOUNT_A, id)).toMatchObject({
        status: 'pending',
        leaseUntil: at(160),
      });
      expect(await deliveries.listAttempts(id)).toEqual([]);
    }
    expect(await deliveries.claimDueDeliveries(claim(101, 2))).toEqual([]);
    // Tried again, the attempt is recorded.
    await deliveries.recordAttempt(succeeded('dl_1'));
    expect(await deliveries.listAttempts('dl_1')).toHaveLength(1);
  });
});

describe('sqlite delivery statements', () => {
  const plan = (query: Query<unknown>, ...params: unknown[]) => queryPlan(sql, query, ...params);
  const any = { deliveryId: 'dl_1', executionId: 'ex_1', ids: '[]', leaseUntil: '', now: '' };

  it('reach each row through an index, never by scanning the table', () => {
    expect(
      plan(AFTER_ATTEMPT, {
        ...any,
        status: 'failed',
        attempt: 1,
        nextAttemptAt: null,
        startedAt: '',
      }),
    ).toContain('sqlite_autoindex_deliveries_1 (id=?)');
    expect(plan(LEASE_DELIVERIES, any)).toContain('sqlite_autoindex_deliveries_1 (id=?)');
    const purge = plan({ sql: PURGE_SETTLED }, any);
    expect(purge).toContain('sqlite_autoindex_executions_1 (id=?)');
    expect(purge).toContain('deliveries_by_execution (execution_id=?)');
    const settled = plan(SELECT_SETTLED, any);
    expect(settled).toContain('sqlite_autoindex_executions_1 (id=?)');
    expect(settled).toContain('deliveries_by_execution (execution_id=?)');
    expect(plan(FAIL_PENDING, at(1), 'wh_1')).toContain(
      'deliveries_pending_by_webhook (webhook_id=?)',
    );
    for (const text of [plan(LEASE_DELIVERIES, any), settled]) {
      expect(text).not.toMatch(/SCAN deliveries|SCAN executions/);
    }
  });

  it('keeps status out of the indexes a status change would rewrite (0004)', () => {
    const columns = (index: string) =>
      sql.all<{ name: string }>({ sql: `SELECT name FROM pragma_index_info(?)` }, index);
    expect(columns('deliveries_by_execution').map((c) => c.name)).toEqual(['execution_id']);
    expect(columns('deliveries_by_webhook').map((c) => c.name)).toEqual([
      'webhook_id',
      'created_at',
    ]);
  });
});

describe('privacy purge of an execution ended before migration 0005', () => {
  it('works out what to keep when the end did not store it', async () => {
    const executions = createSqliteExecutions(sql);
    // Stored as it would have been by an older release: ended, nothing set aside to keep.
    const old = execution('ex_old', ACCOUNT_A, {
      status: 'completed',
      endReason: 'end',
      variables: {
        '$flow.key.secret': 'x',
        '$flow.key.kept': 'k',
        '$flow.syskey.executionId': 'ex_old',
      },
      persisted: ['$flow.key.kept'],
    });
    await executions.createExecution(old);
    await deliveries.enqueueDeliveries([
      delivery('dl_old', ACCOUNT_A, { executionId: 'ex_old', nextAttemptAt: at(1) }),
    ]);
    expect(ids(await deliveries.claimDueDeliveries(claim(100, 8)))).toEqual(['dl_old']);
    await deliveries.recordAttempt(succeeded('dl_old'));
    expect(await executions.getExecution(ACCOUNT_A, 'ex_old')).toEqual({
      ...old,
      variables: { '$flow.key.kept': 'k', '$flow.syskey.executionId': 'ex_old' },
      variablesPurged: true,
    });
  });
});
