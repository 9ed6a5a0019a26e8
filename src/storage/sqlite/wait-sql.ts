import type { ExecutionRecord } from '../ports.js';
import type { Query } from './connection.js';
import { executionParams, type ExecutionRow } from './execution-rows.js';

/*
 * Executions waiting for the caller (docs/server.md "Live executions"): plain SQL shared by
 * the SQLite and PostgreSQL adapters (PostgreSQL turns `?` into `$n`).
 */

/** Only a running execution starts to wait: one ended meanwhile (a hangup) stays ended. */
export const WAIT = `UPDATE executions SET status = 'waiting', variables = @variables,
    persisted = @persisted, path = @path, events = @events, steps = @steps,
    waiting = @waiting, wait_sequence = @waitSequence, wait_due_at = @waitDueAt
  WHERE id = @id AND account_id = @accountId AND status = 'running'`;

/**
 * The status and the sequence are checked in the same statement: of two answers, one wins.
 * The process that goes on holds it (src/storage/lease-ports.ts).
 */
export const RESUME = `UPDATE executions SET status = 'running', waiting = NULL, wait_due_at = NULL,
    owner = @owner, lease_until = @leaseUntil
  WHERE id = @executionId AND status = 'waiting' AND wait_sequence = @sequence`;

// Both reads repeat the WHERE of the partial index `executions_wait_due`.
export const SELECT_DUE_WAITS: Query<ExecutionRow> = {
  sql: `SELECT * FROM executions WHERE status = 'waiting' AND wait_due_at <= ?
    ORDER BY wait_due_at, id LIMIT ?`,
};
export const NEXT_WAIT_DUE: Query<{ due: string | null }> = {
  sql: `SELECT MIN(wait_due_at) AS due FROM executions WHERE status = 'waiting'`,
};

/** The named parameters of WAIT. */
export function waitParams(execution: ExecutionRecord): Record<string, unknown> {
  const waiting = execution.waiting;
  return {
    ...executionParams(execution),
    waiting: waiting === undefined ? null : JSON.stringify(waiting),
    waitSequence: waiting?.sequence ?? 0,
    waitDueAt: waiting?.dueAt ?? null,
  };
}
