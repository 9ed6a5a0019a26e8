/**
 * The flows list reads each flow's last execution in the same statement, by a seek on the
 * executions_by_flow index: never a scan of the executions, never a query per flow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at } from '../contract/fixtures.js';
import { listFlowsQuery } from './flows.js';
import { migrateSqlite } from './index.js';
import { queryPlan } from './testing/query-plan.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookline-sqlite-'));
  file = join(dir, 'hookline.db');
  migrateSqlite(file);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sqlite flows list query', () => {
  it("finds each flow's last execution through the executions_by_flow index", () => {
    const params = { accountId: 'acct_a', limit: 51, afterCreatedAt: at(1), afterId: 'flow_a' };
    for (const page of [{ limit: 50 }, { limit: 50, cursor: 'x' }]) {
      const plan = queryPlan(file, listFlowsQuery(page), params);
      expect(plan).toContain('flows_by_account');
      expect(plan).toMatch(
        /SEARCH x USING (COVERING )?INDEX executions_by_flow \(account_id=\? AND flow_id=\?\)/,
      );
      expect(plan).toMatch(
        /SEARCH e USING INDEX sqlite_autoindex_executions_1 \(id=\?\)|SEARCH e USING INTEGER PRIMARY KEY/,
      );
      expect(plan).not.toMatch(/SCAN (x|e)\b/);
    }
  });
});
