import type { Variables } from '../../flow/index.js';
import { toPage } from '../common/cursor.js';
import { keepPersistedVariables } from '../common/purge-variables.js';
import { StorageError, type ExecutionStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { insertDeliveries } from './delivery-writes.js';
import {
  EXECUTION_COLUMNS,
  EXECUTION_VALUES,
  executionParams,
  toExecution,
  type ExecutionRow,
} from './execution-rows.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { NEXT_SCHEDULED, SELECT_DUE_SCHEDULED } from './scheduled-sql.js';
import { settleSql } from './settle-sql.js';

const INSERT_EXECUTION = `INSERT INTO executions ${EXECUTION_COLUMNS} VALUES ${EXECUTION_VALUES}`;
// An upsert that never crosses accounts: the WHERE makes a foreign id change nothing.
const UPSERT_EXECUTION = `${INSERT_EXECUTION}
  ON CONFLICT (id) DO UPDATE SET flow_id = excluded.flow_id,
    flow_version = excluded.flow_version, status = excluded.status,
    end_reason = excluded.end_reason, direction = excluded.direction,
    from_address = excluded.from_address, to_address = excluded.to_address,
    variables = excluded.variables, persisted = excluded.persisted, path = excluded.path,
    events = excluded.events, steps = excluded.steps, created_at = excluded.created_at,
    start_time = excluded.start_time, end_time = excluded.end_time,
    variables_purged = excluded.variables_purged, scheduled_for = excluded.scheduled_for
  WHERE executions.account_id = excluded.account_id`;
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
const SELECT_FOR_PURGE: Query<Pick<ExecutionRow, 'variables' | 'persisted'>> = {
  sql: 'SELECT variables, persisted FROM executions WHERE id = ?',
};
const WRITE_PURGED = 'UPDATE executions SET variables = ?, variables_purged = 1 WHERE id = ?';

/** Executions in SQLite. */
export function createSqliteExecutions(sql: SqliteConnection): ExecutionStore {
  return {
    createExecution: (execution) =>
      settleSql(() => {
        sql.run(INSERT_EXECUTION, executionParams(execution));
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
      settleSql(() => sql.run(MARK_RUNNING, { executionId, startTime }) > 0),

    finishExecution: (execution, deliveries) =>
      settleSql(() => {
        // SPEC §4 transactional outbox: any failure rolls back the execution's end too.
        sql.write(() => {
          if (sql.run(UPSERT_EXECUTION, executionParams(execution)) === 0) {
            throw new StorageError('CONFLICT', `execution ${execution.id} is another account's`);
          }
          insertDeliveries(sql, deliveries);
        });
      }),

    listUnfinishedExecutions: (limit) =>
      settleSql(() => sql.all(SELECT_UNFINISHED, Math.max(0, limit)).map(toExecution)),

    listDueScheduledExecutions: (now, limit) =>
      settleSql(() => sql.all(SELECT_DUE_SCHEDULED, now, Math.max(0, limit)).map(toExecution)),

    nextScheduledTime: () => settleSql(() => sql.get(NEXT_SCHEDULED)?.due ?? undefined),

    purgeExecutionVariables: (executionId) =>
      settleSql(() => {
        sql.write(() => {
          const row = sql.get(SELECT_FOR_PURGE, executionId);
          if (!row) return;
          const variables = JSON.parse(row.variables) as Variables;
          const kept = keepPersistedVariables(variables, JSON.parse(row.persisted) as string[]);
          sql.run(WRITE_PURGED, JSON.stringify(kept), executionId);
        });
      }),
  };
}
