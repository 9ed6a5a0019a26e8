import { toPage } from '../common/cursor.js';
import { keepPersistedVariables } from '../../flow/index.js';
import type { ExecutionStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { insertDeliveries } from './delivery-writes.js';
import {
  executionParams,
  FINISH_EXECUTION,
  INSERT_EXECUTION,
  toExecution,
  type ExecutionRow,
} from './execution-rows.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { NEXT_SCHEDULED, SELECT_DUE_SCHEDULED } from './scheduled-sql.js';
import { sqliteExecutionEvents } from './execution-events.js';
import { sqliteLeases } from './leases.js';
import { sqliteWaits } from './waits.js';
import { sqliteExecutionCalls } from './call-sql.js';
import { settleBatchedSql, settleSql } from './settle-sql.js';

const SELECT_EXECUTION: Query<ExecutionRow> = {
  sql: 'SELECT * FROM executions WHERE id = ? AND account_id = ?',
};
const SELECT_EXECUTIONS: Query<ExecutionRow> = { sql: 'SELECT * FROM executions' };
// Too early is refused in the same statement: no read-then-write window to race.
const MARK_RUNNING = `UPDATE executions SET status = 'running', start_time = @startTime
  WHERE id = @executionId AND status = 'queued'
    AND (scheduled_for IS NULL OR scheduled_for <= @startTime)`;
const SELECT_UNFINISHED: Query<ExecutionRow> = {
  sql: `SELECT * FROM executions WHERE status IN ('queued', 'running')
    ORDER BY created_at, id LIMIT ?`,
};

/** Executions in SQLite. */
export function createSqliteExecutions(sql: SqliteConnection): ExecutionStore {
  return {
    // The writes of every execution's life are group-committed: executions starting and
    // ending together share one commit.
    createExecution: (execution, hold) =>
      settleBatchedSql(sql, () => {
        sql.run(INSERT_EXECUTION, { ...executionParams(execution), ...hold });
      }),

    createExecutions: (executions) =>
      settleSql(() => {
        // One transaction: a duplicate anywhere in the batch rolls back the rows before it.
        sql.write(() => {
          for (const execution of executions) sql.run(INSERT_EXECUTION, executionParams(execution));
        });
      }),

    getExecution: (accountId, executionId) =>
      settleSql(() => {
        const row = sql.get(SELECT_EXECUTION, executionId, accountId);
        return row && toExecution(row);
      }),

    listExecutions: (accountId, filter, page) =>
      settleSql(() => {
        const { size, params } = keysetParams(page);
        const conditions = ['account_id = @accountId'];
        if (filter.flowId !== undefined) conditions.push('flow_id = @flowId');
        if (filter.status !== undefined) conditions.push('status = @status');
        const query = keysetQuery(SELECT_EXECUTIONS, conditions, 'desc', page);
        const rows = sql.all(query, { ...params, ...filter, accountId });
        return toPage(rows.map(toExecution), size);
      }),

    markExecutionRunning: (executionId, startTime) =>
      settleBatchedSql(sql, () => sql.run(MARK_RUNNING, { executionId, startTime }) > 0),

    finishExecution: (execution, deliveries) =>
      // docs/server.md transactional outbox: the end and its deliveries are written together or
      // not at all (a failure in a group commit re-runs each write alone; see writeBatched).
      settleBatchedSql(sql, () => {
        const params = {
          ...executionParams(execution),
          // What the privacy purge will leave, ready for the last delivery's record.
          purgedVariables:
            deliveries.length > 0 && !execution.variablesPurged
              ? JSON.stringify(keepPersistedVariables(execution.variables, execution.persisted))
              : null,
        };
        // Never stored (an end recorded without its start): inserted, then ended. Another
        // account's id fails the insert as a duplicate: CONFLICT, nothing changed.
        if (sql.run(FINISH_EXECUTION, params) === 0) {
          sql.run(INSERT_EXECUTION, params);
          sql.run(FINISH_EXECUTION, params);
        }
        insertDeliveries(sql, deliveries);
      }),

    listUnfinishedExecutions: (limit) =>
      settleSql(() => sql.all(SELECT_UNFINISHED, Math.max(0, limit)).map(toExecution)),

    listDueScheduledExecutions: (now, limit) =>
      settleSql(() => sql.all(SELECT_DUE_SCHEDULED, now, Math.max(0, limit)).map(toExecution)),

    nextScheduledTime: () => settleSql(() => sql.get(NEXT_SCHEDULED)?.due ?? undefined),

    ...sqliteWaits(sql),
    ...sqliteLeases(sql),
    ...sqliteExecutionEvents(sql),
    ...sqliteExecutionCalls(sql),
  };
}
