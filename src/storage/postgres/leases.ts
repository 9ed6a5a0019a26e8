import type { ExecutionLeases } from '../lease-ports.js';
import type { ExecutionRecord } from '../ports.js';
import { toExecution } from '../sqlite/execution-rows.js';
import {
  CLAIM_ONE,
  CLAIM_QUEUED_LOCKED,
  oldestFirst,
  RELEASE,
  RENEW_ANY,
  SELECT_EXPIRED,
  TAKE_OVER,
} from '../sqlite/lease-sql.js';
import type { Db } from './db.js';

/** Execution owners and leases in PostgreSQL (src/storage/lease-ports.ts). */
export function postgresLeases(db: Db): ExecutionLeases<ExecutionRecord> {
  return {
    claimQueuedExecutions: async (hold, now, limit) =>
      oldestFirst(
        await db.all(CLAIM_QUEUED_LOCKED, { ...hold, now, limit: Math.max(0, limit) }),
      ).map(toExecution),

    claimQueuedExecution: async (executionId, hold, now) => {
      const row = await db.get(CLAIM_ONE, { ...hold, now, executionId });
      return row && toExecution(row);
    },

    renewExecutionLeases: (owner, executionIds, leaseUntil) =>
      db.run(RENEW_ANY, { owner, leaseUntil, ids: [...executionIds] }),

    listExpiredExecutions: async (now, limit) =>
      (await db.all(SELECT_EXPIRED, { now, limit: Math.max(0, limit) })).map(toExecution),

    takeOverExecution: async (executionId, hold, now) =>
      (await db.run(TAKE_OVER, { ...hold, now, executionId })) > 0,

    releaseExecutionLeases: (owner, now) => db.run(RELEASE, { owner, now }),
  };
}
