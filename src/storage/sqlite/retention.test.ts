import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Query } from './connection.js';
import { migrateSqlite } from './migrate.js';
import {
  BEYOND_COUNT,
  NEXT_DELIVERY_ACCOUNT,
  NEXT_EXECUTION_ACCOUNT,
  OLDER_THAN,
  STANDALONE_OLDER_THAN,
  TOP_ROWID,
} from './retention-sql.js';
import { queryPlan } from './testing/query-plan.js';

const dir = mkdtempSync(join(tmpdir(), 'hookline-retention-'));
const file = join(dir, 'hookline.db');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sqlite retention queries', () => {
  const plan = (query: Query<unknown>, params: Record<string, unknown>) =>
    queryPlan(file, query, params);
  const at = '2026-01-01T00:00:00.000Z';

  it('walk index or rowid ranges of prunable rows only: no table scan, no sort', () => {
    migrateSqlite(file);
    const plans = [
      plan(TOP_ROWID, {}),
      plan(BEYOND_COUNT, { cutoff: 10, limit: 500 }),
      plan(NEXT_EXECUTION_ACCOUNT, { after: '' }),
      plan(OLDER_THAN, { accountId: 'a', status: 'completed', olderThan: at, limit: 500 }),
      plan(NEXT_DELIVERY_ACCOUNT, { after: '' }),
      plan(STANDALONE_OLDER_THAN, { accountId: 'a', olderThan: at, limit: 500 }),
    ];
    for (const text of plans) {
      expect(text).not.toMatch(/SCAN (executions|deliveries)\b(?! USING)/);
      expect(text).not.toContain('TEMP B-TREE');
    }
    expect(plans[1]).toContain('rowid<');
    expect(plans[1]).toContain('deliveries_by_execution');
    expect(plans[3]).toContain('executions_by_status');
  });
});
