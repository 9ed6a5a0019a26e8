import type { ExecutionStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { executionParams, toExecution, type ExecutionRow } from './execution-rows.js';
import { settleBatchedSql, settleSql } from './settle-sql.js';

// Only a running execution starts to wait: one ended meanwhile (a hangup) stays ended.
const WAIT = `UPDATE executions SET status = 'waiting', variables = @variables,
    persisted = @persisted, path = @path, events = @events, steps = @steps,
    waiting = @waiting, wait_sequence = @waitSequence, wait_due_at = @waitDueAt
  WHERE id = @id AND account_id = @accountId AND status = 'running'`;
// The status and the sequence are checked in the same statement: of two answers, one wins.
const RESUME = `UPDATE executions SET status = 'running', waiting = NULL, wait_due_at = NULL
  WHERE id = ? AND status = 'waiting' AND wait_sequence = ?`;
// Both repeat the WHERE of the partial index `executions_wait_due` (migration 0008).
const SELECT_DUE_WAITS: Query<ExecutionRow> = {
  sql: `SELECT * FROM executions WHERE status = 'waiting' AND wait_due_at <= ?
    ORDER BY wait_due_at, id LIMIT ?`,
};
const NEXT_WAIT_DUE: Query<{ due: string | null }> = {
  sql: `SELECT MIN(wait_due_at) AS due FROM executions WHERE status = 'waiting'`,
};

/** Executions waiting for the caller, in SQLite (docs/server.md "Live executions"). */
export function sqliteWaits(
  sql: SqliteConnection,
): Pick<ExecutionStore, 'waitExecution' | 'resumeExecution' | 'listDueWaits' | 'nextWaitDue'> {
  return {
    waitExecution: (execution) =>
      settleBatchedSql(sql, () => {
        const waiting = execution.waiting;
        const params = {
          ...executionParams(execution),
          waiting: waiting === undefined ? null : JSON.stringify(waiting),
          waitSequence: waiting?.sequence ?? 0,
          waitDueAt: waiting?.dueAt ?? null,
        };
        return sql.run(WAIT, params) > 0;
      }),

    resumeExecution: (executionId, sequence) =>
      settleBatchedSql(sql, () => sql.run(RESUME, executionId, sequence) > 0),

    listDueWaits: (now, limit) =>
      settleSql(() => sql.all(SELECT_DUE_WAITS, now, Math.max(0, limit)).map(toExecution)),

    nextWaitDue: () => settleSql(() => sql.get(NEXT_WAIT_DUE)?.due ?? undefined),
  };
}
