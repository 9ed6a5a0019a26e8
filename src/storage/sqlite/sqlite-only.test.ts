import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  account,
  ACCOUNT_A,
  at,
  delivery,
  execution,
  flow,
  flowDocument,
  trigger,
} from '../contract/fixtures.js';
import { NEXT_PENDING_WEBHOOK, SELECT_IN_FLIGHT, SELECT_WEBHOOK_DUE } from './claim-sql.js';
import { openConnection, type Query } from './connection.js';
import { NEXT_DUE } from './deliveries.js';
import { createSqliteStorage, migrateSqlite } from './index.js';
import { listMigrations } from './migrate.js';
import { OTHER_PROCESS_DELAY_MS } from './trigger-cache.js';
import { queryPlan } from './testing/query-plan.js';

const WORKER = fileURLToPath(new URL('./testing/claim-worker.ts', import.meta.url));

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookline-sqlite-'));
  file = join(dir, 'hookline.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one claim worker process and returns the ids it claimed. */
function runWorker(startAtMs: number, perWebhookLimit: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, file, String(startAtMs), String(perWebhookLimit)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as string[]);
      else reject(new Error(`claim worker exited with ${String(code)}: ${err}`));
    });
  });
}

describe('sqlite migrations', () => {
  it('applies each migration once and records it', () => {
    expect(listMigrations()[0]).toBe('0001_init.sql');
    expect(migrateSqlite(file)).toEqual({ applied: listMigrations() });
    expect(migrateSqlite(file)).toEqual({ applied: [] });
    const db = new Database(file, { readonly: true });
    const names = db.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all();
    const stamps = db.prepare('SELECT applied_at FROM schema_migrations').pluck().all();
    db.close();
    expect(names).toEqual(listMigrations());
    for (const stamp of stamps) expect(Number.isNaN(Date.parse(String(stamp)))).toBe(false);
  });

  it('opens a migrated file without migrating again, and vice versa', async () => {
    migrateSqlite(file);
    const storage = createSqliteStorage({ file });
    await storage.executions.createExecution(execution('ex_1', ACCOUNT_A));
    await storage.close();
    expect(migrateSqlite(file).applied).toEqual([]);
  });
});

describe('sqlite claim queries', () => {
  const plan = (query: Query<unknown>, ...params: unknown[]) => queryPlan(file, query, ...params);

  it('seeks per webhook through the pending index and counts leases through the leased one', () => {
    migrateSqlite(file);
    const due = plan(SELECT_WEBHOOK_DUE, { webhookId: 'wh_1', now: at(100), take: 4 });
    expect(due).toContain('deliveries_pending_by_webhook (webhook_id=? AND next_attempt_at<?)');
    expect(due).not.toContain('TEMP B-TREE');
    expect(plan(NEXT_PENDING_WEBHOOK, 'wh_1')).toContain(
      'COVERING INDEX deliveries_pending_by_webhook (webhook_id>?)',
    );
    expect(plan(SELECT_IN_FLIGHT, at(100))).toContain('deliveries_leased (lease_until>?)');
    expect(plan(NEXT_DUE)).toContain('deliveries_leased');
  });
});

describe('sqlite connection settings', () => {
  it('uses WAL, NORMAL sync, foreign keys and a 5 s busy timeout', () => {
    const connection = openConnection(file);
    const pragma = (name: string) => connection.db.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('synchronous')).toBe(1);
    expect(pragma('foreign_keys')).toBe(1);
    expect(pragma('busy_timeout')).toBe(5000);
    connection.close();
  });
});

describe('sqlite across connections and processes', () => {
  it('shows what one connection wrote to a fresh one, while both are open', async () => {
    const writer = createSqliteStorage({ file });
    await writer.executions.createExecution(execution('ex_1', ACCOUNT_A));
    const reader = createSqliteStorage({ file });
    expect(await reader.executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(
      execution('ex_1', ACCOUNT_A),
    );
    await writer.close();
    await reader.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM executions').get()).toEqual({ n: 1 });
    raw.close();
  });

  it('never claims the same delivery twice over two connections', async () => {
    const one = createSqliteStorage({ file });
    const two = createSqliteStorage({ file });
    await one.deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
    const request = {
      now: '2026-01-01T01:00:00.000Z',
      leaseUntil: '2026-01-01T02:00:00.000Z',
      limit: 10,
      perWebhookLimit: 10,
    };
    const [first, second] = await Promise.all([
      one.deliveries.claimDueDeliveries(request),
      two.deliveries.claimDueDeliveries(request),
    ]);
    expect([...first, ...second].map((d) => d.id)).toEqual(['dl_1']);
    await one.close();
    await two.close();
  });

  it('four processes claiming at once never get the same delivery', async () => {
    const storage = createSqliteStorage({ file });
    const rows = Array.from({ length: 2000 }, (_, index) =>
      delivery(`dl_${String(index).padStart(4, '0')}`, ACCOUNT_A, {
        webhookId: `wh_${index % 3}`,
      }),
    );
    await storage.deliveries.enqueueDeliveries(rows);
    await storage.close();

    const startAt = Date.now() + 1500;
    const results = await Promise.all([1, 2, 3, 4].map(() => runWorker(startAt, 1000)));
    const all = results.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(rows.map((d) => d.id));
  });

  it('four processes together never exceed the per-webhook cap', async () => {
    const storage = createSqliteStorage({ file });
    const dead = Array.from({ length: 100 }, (_, index) =>
      delivery(`dl_dead_${index}`, ACCOUNT_A, { webhookId: 'wh_dead' }),
    );
    const ok = Array.from({ length: 20 }, (_, index) =>
      delivery(`dl_ok_${index}`, ACCOUNT_A, { webhookId: 'wh_ok' }),
    );
    await storage.deliveries.enqueueDeliveries([...dead, ...ok]);
    await storage.close();

    const startAt = Date.now() + 1500;
    const results = await Promise.all([1, 2, 3, 4].map(() => runWorker(startAt, 5)));
    const all = results.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((id) => id.startsWith('dl_dead_'))).toHaveLength(5);
    expect(all.filter((id) => id.startsWith('dl_ok_'))).toHaveLength(5);
  });
});

describe('background checkpoints (hookline serve)', () => {
  const write = async (storage: ReturnType<typeof createSqliteStorage>, count: number) => {
    const variables = { '$flow.key.note': 'x'.repeat(500) };
    await Promise.all(
      Array.from({ length: count }, (_, index) =>
        storage.executions.createExecution(execution(`ex_${index}`, ACCOUNT_A, { variables })),
      ),
    );
  };

  it('copies the WAL into the database file off the event loop; nothing is lost', async () => {
    const storage = createSqliteStorage({ file, backgroundCheckpoints: true });
    const before = statSync(file).size;
    await write(storage, 400);
    // The connection itself never checkpoints now (wal_autocheckpoint = 0): only the worker
    // makes the database file grow.
    const deadline = Date.now() + 10_000;
    while (statSync(file).size === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(file).size).toBeGreaterThan(before);
    await storage.close();
    // The last connection to close checkpoints everything and removes the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = createSqliteStorage({ file });
    const page = await again.executions.listExecutions(ACCOUNT_A, {}, { limit: 500 });
    expect(page.items).toHaveLength(400);
    await again.close();
  });
});

describe('trigger resolutions cached per connection', () => {
  it('sees what another process on the same file changes, within OTHER_PROCESS_DELAY_MS', async () => {
    const later = () => new Promise((resolve) => setTimeout(resolve, OTHER_PROCESS_DELAY_MS + 20));
    const here = createSqliteStorage({ file });
    const there = createSqliteStorage({ file });
    await here.accounts.createAccount(account(ACCOUNT_A));
    await here.flows.createFlow(flow('flow_1', ACCOUNT_A));
    await here.triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_1'));
    expect((await here.triggers.resolveTrigger('th_1'))?.flowVersion).toBe(1);

    await there.flows.addFlowVersion({
      accountId: ACCOUNT_A,
      id: 'flow_1',
      document: flowDocument('v2'),
      createdAt: at(20),
    });
    await later();
    expect((await here.triggers.resolveTrigger('th_1'))?.flowVersion).toBe(2);
    const settings = { allowPlainHttp: true, apiIpAllowList: [] };
    await there.accounts.updateAccountSettings(ACCOUNT_A, settings);
    await later();
    expect((await here.triggers.resolveTrigger('th_1'))?.account.settings).toEqual(settings);
    await there.triggers.revokeTriggers(ACCOUNT_A, 'flow_1', at(30));
    await later();
    expect(await here.triggers.resolveTrigger('th_1')).toBeUndefined();
    await here.close();
    await there.close();
  });

  it('hands out resolutions nobody can change', async () => {
    const storage = createSqliteStorage({ file });
    await storage.accounts.createAccount(account(ACCOUNT_A));
    await storage.flows.createFlow(flow('flow_1', ACCOUNT_A));
    await storage.triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_1'));
    const resolved = await storage.triggers.resolveTrigger('th_1');
    expect(() => {
      (resolved!.account.settings as { allowPlainHttp: boolean }).allowPlainHttp = true;
    }).toThrow(TypeError);
    expect((await storage.triggers.resolveTrigger('th_1'))?.account.settings.allowPlainHttp).toBe(
      false,
    );
    await storage.close();
  });
});
