import type { ExecutionLeases } from '../lease-ports.js';
import type { ExecutionRecord } from '../ports.js';
import type { SqliteConnection } from './connection.js';
import { toExecution } from './execution-rows.js';
import {
  CLAIM_ONE,
  CLAIM_QUEUED,
  oldestFirst,
  RELEASE,
  RENEW,
  SELECT_EXPIRED,
  TAKE_OVER,
} from './lease-sql.js';
import { settleBatchedSql, settleSql } from './settle-sql.js';

/** Execution owners and leases in SQLite (src/storage/lease-ports.ts). */
export function sqliteLeases(sql: SqliteConnection): ExecutionLeases<ExecutionRecord> {
  return {
    claimQueuedExecutions: (hold, now, limit) =>
      settleBatchedSql(sql, () =>
        oldestFirst(sql.all(CLAIM_QUEUED, { ...hold, now, limit: Math.max(0, limit) })).map(
          toExecution,
        ),
      ),

    claimQueuedExecution: (executionId, hold, now) =>
      settleBatchedSql(sql, () => {
        const row = sql.get(CLAIM_ONE, { ...hold, now, executionId });
        return row && toExecution(row);
      }),

    renewExecutionLeases: (owner, executionIds, leaseUntil) =>
      settleBatchedSql(sql, () =>
        sql.run(RENEW, { owner, leaseUntil, ids: JSON.stringify(executionIds) }),
      ),

    listExpiredExecutions: (now, limit) =>
      settleSql(() => sql.all(SELECT_EXPIRED, { now, limit: Math.max(0, limit) }).map(toExecution)),

    takeOverExecution: (executionId, hold, now) =>
      settleBatchedSql(sql, () => sql.run(TAKE_OVER, { ...hold, now, executionId }) > 0),

    releaseExecutionLeases: (owner, now) =>
      settleBatchedSql(sql, () => sql.run(RELEASE, { owner, now })),
  };
}
