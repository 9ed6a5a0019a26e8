import type { Query } from './connection.js';
import type { ExecutionRow } from './execution-rows.js';

/*
 * Execution owners and leases (src/storage/lease-ports.ts): plain SQL with `@name`
 * placeholders, shared by the SQLite and PostgreSQL adapters. Each write checks the state it
 * changes in its own WHERE: of two processes, only one changes a row.
 */

/** Queued and due: the claims' condition (the partial index `executions_unfinished` serves it). */
const DUE_QUEUED = `status = 'queued' AND (scheduled_for IS NULL OR scheduled_for <= @now)`;
const HOLD = `status = 'running', start_time = @now, owner = @owner, lease_until = @leaseUntil`;

/** The oldest due queued rows. */
const OLDEST_DUE_QUEUED = `SELECT id FROM executions WHERE ${DUE_QUEUED}
  ORDER BY created_at, id LIMIT @limit`;

/** `claimQueuedExecutions` in SQLite: one writer at a time, so one statement is atomic. */
export const CLAIM_QUEUED: Query<ExecutionRow> = {
  sql: `UPDATE executions SET ${HOLD} WHERE id IN (${OLDEST_DUE_QUEUED}) AND ${DUE_QUEUED}
    RETURNING *`,
};

/**
 * `claimQueuedExecutions` in PostgreSQL: rows another worker is claiming are skipped, not
 * waited for. The pick is materialized: as a subquery of `IN` the planner may run it again
 * and take more than `limit` rows.
 */
export const CLAIM_QUEUED_LOCKED: Query<ExecutionRow> = {
  sql: `WITH picked AS MATERIALIZED (${OLDEST_DUE_QUEUED} FOR UPDATE SKIP LOCKED)
    UPDATE executions SET ${HOLD} FROM picked WHERE executions.id = picked.id
    RETURNING executions.*`,
};

export const CLAIM_ONE: Query<ExecutionRow> = {
  sql: `UPDATE executions SET ${HOLD} WHERE id = @executionId AND ${DUE_QUEUED} RETURNING *`,
};

/** `@ids`: the ids as one JSON array (SQLite; PostgreSQL takes an array: RENEW_ANY). */
export const RENEW = `UPDATE executions SET lease_until = @leaseUntil
  WHERE owner = @owner AND status = 'running' AND id IN (SELECT value FROM json_each(@ids))`;

export const RENEW_ANY = `UPDATE executions SET lease_until = @leaseUntil
  WHERE owner = @owner AND status = 'running' AND id = ANY(@ids)`;

const EXPIRED = `status = 'running' AND (lease_until IS NULL OR lease_until < @now)`;

export const SELECT_EXPIRED: Query<ExecutionRow> = {
  sql: `SELECT * FROM executions WHERE ${EXPIRED} ORDER BY created_at, id LIMIT @limit`,
};

export const TAKE_OVER = `UPDATE executions SET owner = @owner, lease_until = @leaseUntil
  WHERE id = @executionId AND ${EXPIRED}`;

export const RELEASE = `UPDATE executions SET lease_until = @now
  WHERE owner = @owner AND status = 'running'`;

/** Claimed rows in claim order (RETURNING gives no order). */
export function oldestFirst(rows: ExecutionRow[]): ExecutionRow[] {
  return rows.sort((a, b) =>
    a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1,
  );
}
