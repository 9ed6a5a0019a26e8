import type { ExecutionStore } from '../ports.js';
import type { SqliteConnection } from './connection.js';
import { toExecution } from './execution-rows.js';
import { settleBatchedSql, settleSql } from './settle-sql.js';
import { NEXT_WAIT_DUE, RESUME, SELECT_DUE_WAITS, WAIT, waitParams } from './wait-sql.js';

/** Executions waiting for the caller, in SQLite (docs/server.md "Live executions"). */
export function sqliteWaits(
  sql: SqliteConnection,
): Pick<ExecutionStore, 'waitExecution' | 'resumeExecution' | 'listDueWaits' | 'nextWaitDue'> {
  return {
    waitExecution: (execution) =>
      settleBatchedSql(sql, () => sql.run(WAIT, waitParams(execution)) > 0),

    resumeExecution: (executionId, sequence, hold) =>
      settleBatchedSql(
        sql,
        () =>
          sql.run(RESUME, { owner: null, leaseUntil: null, ...hold, executionId, sequence }) > 0,
      ),

    listDueWaits: (now, limit) =>
      settleSql(() => sql.all(SELECT_DUE_WAITS, now, Math.max(0, limit)).map(toExecution)),

    nextWaitDue: () => settleSql(() => sql.get(NEXT_WAIT_DUE)?.due ?? undefined),
  };
}
