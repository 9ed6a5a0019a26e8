/**
 * SQLite-only checks for the docs/internal-functions.md storage (migration 0002): what the contract suite cannot
 * see through the ports — upgrading a file made before it, the scheduler's query plans, and
 * clicks counted over two connections to one file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_A, at, execution } from '../contract/fixtures.js';
import { shortLink } from '../contract/function-fixtures.js';
import { openConnection, type Query } from './connection.js';
import { createSqliteStorage, migrateSqlite } from './index.js';
import { listMigrations } from './migrate.js';
import { NEXT_SCHEDULED, SELECT_DUE_SCHEDULED } from './scheduled-sql.js';
import { queryPlan } from './testing/query-plan.js';

const INIT_SQL = readFileSync(new URL('./migrations/0001_init.sql', import.meta.url), 'utf8');

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookline-sqlite-'));
  file = join(dir, 'hookline.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A file as the first release left it: only 0001 applied, one execution stored. */
function writeFirstReleaseFile(): void {
  const connection = openConnection(file);
  connection.db.exec(
    'CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT',
  );
  connection.db.exec(INIT_SQL);
  connection.run('INSERT INTO schema_migrations VALUES (?, ?)', '0001_init.sql', at(0));
  connection.run(
    `INSERT INTO executions (id, account_id, flow_id, flow_version, status, end_reason,
      direction, from_address, to_address, variables, persisted, path, events, steps,
      created_at, start_time, end_time, variables_purged)
      VALUES ('ex_old', ?, 'flow_1', 1, 'queued', NULL, 'api', '+15550001', '+15550002',
      '{"$flow.key.input":"x"}', '[]', '[]', '[]', '[]', ?, NULL, NULL, 0)`,
    ACCOUNT_A,
    at(20),
  );
  connection.close();
}

describe('sqlite migration 0002 (internal functions)', () => {
  it('comes after 0001', () => {
    expect(listMigrations()).toEqual([
      '0001_init.sql',
      '0002_internal_functions.sql',
      '0003_claim_indexes.sql',
      '0004_delivery_status_indexes.sql',
      '0005_purged_variables.sql',
      '0006_delivery_failure_reason.sql',
      '0007_flow_secrets.sql',
      '0008_sessions.sql',
      '0009_waiting_executions.sql',
      '0010_execution_events.sql',
      '0011_execution_calls.sql',
      '0012_execution_leases.sql',
    ]);
  });

  it('upgrades a first-release file: old executions read as unscheduled and still run', async () => {
    writeFirstReleaseFile();
    expect(migrateSqlite(file)).toEqual({
      applied: [
        '0002_internal_functions.sql',
        '0003_claim_indexes.sql',
        '0004_delivery_status_indexes.sql',
        '0005_purged_variables.sql',
        '0006_delivery_failure_reason.sql',
        '0007_flow_secrets.sql',
        '0008_sessions.sql',
        '0009_waiting_executions.sql',
        '0010_execution_events.sql',
        '0011_execution_calls.sql',
        '0012_execution_leases.sql',
      ],
    });
    const storage = createSqliteStorage({ file });
    expect(await storage.executions.getExecution(ACCOUNT_A, 'ex_old')).toEqual(
      execution('ex_old', ACCOUNT_A),
    );
    expect(await storage.executions.nextScheduledTime()).toBeUndefined();
    expect(await storage.executions.listDueScheduledExecutions(at(9999), 10)).toEqual([]);
    expect(await storage.executions.markExecutionRunning('ex_old', at(30))).toBe(true);
    await storage.shortLinks.createShortLink(shortLink('code1', ACCOUNT_A));
    await storage.close();
    expect(migrateSqlite(file)).toEqual({ applied: [] });
  });
});

describe('sqlite scheduler queries', () => {
  const plan = (query: Query<unknown>, ...params: unknown[]) => queryPlan(file, query, ...params);

  it('reads due and next scheduled executions through the partial index, no sort', () => {
    migrateSqlite(file);
    const due = plan(SELECT_DUE_SCHEDULED, at(600), 10);
    expect(due).toContain('executions_due_scheduled');
    expect(due).not.toContain('TEMP B-TREE');
    expect(plan(NEXT_SCHEDULED)).toContain('executions_due_scheduled');
  });
});

describe('sqlite short-link clicks over two connections', () => {
  it('counts every click made through either connection', async () => {
    const one = createSqliteStorage({ file });
    const two = createSqliteStorage({ file });
    await one.shortLinks.createShortLink(shortLink('code1', ACCOUNT_A));
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        (index % 2 === 0 ? one : two).shortLinks.recordClick('code1'),
      ),
    );
    expect((await two.shortLinks.findShortLink('code1'))?.clicks).toBe(40);
    expect((await one.shortLinks.listShortLinks(ACCOUNT_A, { limit: 1 })).items[0]?.clicks).toBe(
      40,
    );
    await one.close();
    await two.close();
  });
});
