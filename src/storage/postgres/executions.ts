import { toPage } from '../common/cursor.js';
import { keepPersistedVariables } from '../../flow/index.js';
import type { ExecutionStore } from '../ports.js';
import {
  executionParams,
  FINISH_EXECUTION,
  INSERT_EXECUTION,
  toExecution,
  type ExecutionRow,
} from '../sqlite/execution-rows.js';
import { keysetParams, keysetQuery } from '../sqlite/keyset.js';
import { NEXT_SCHEDULED, SELECT_DUE_SCHEDULED } from '../sqlite/scheduled-sql.js';
import { positional, type Db, type Query, type Sql } from './db.js';
import { deliveryParams, finishWithDelivery, insertDeliveries } from './delivery-writes.js';
import { postgresExecutionEvents } from './execution-events.js';
import { groupedInserts } from './execution-inserts.js';
import { postgresLeases } from './leases.js';
import { postgresWaits } from './waits.js';
import { postgresExecutionCalls } from './calls.js';

const SELECT_EXECUTION: Query<ExecutionRow> = {
  sql: 'SELECT * FROM executions WHERE id = $1 AND account_id = $2',
};
const SELECT_EXECUTIONS: Query<ExecutionRow> = { sql: 'SELECT * FROM executions' };
// Too early is refused in the same statement: no read-then-write window to race.
const MARK_RUNNING = `UPDATE executions SET status = 'running', start_time = $2
  WHERE id = $1 AND status = 'queued' AND (scheduled_for IS NULL OR scheduled_for <= $2)`;
const SELECT_UNFINISHED: Query<ExecutionRow> = {
  sql: `SELECT * FROM executions WHERE status IN ('queued', 'running')
    ORDER BY created_at, id LIMIT $1`,
};
/** The scheduler's reads are plain SQL shared with SQLite. */
const DUE_SCHEDULED = positional(SELECT_DUE_SCHEDULED);

/** The end of an execution and its deliveries, inside the caller's transaction. */
async function writeEnd(
  tx: Sql,
  ...[execution, deliveries]: Parameters<ExecutionStore['finishExecution']>
): Promise<void> {
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
  if ((await tx.run(FINISH_EXECUTION, params)) === 0) {
    await tx.run(INSERT_EXECUTION, params);
    await tx.run(FINISH_EXECUTION, params);
  }
  await insertDeliveries(tx, deliveries);
}

const FINISH_WITH_DELIVERY: Query<{ ended: number; added: number }> = {
  sql: finishWithDelivery(FINISH_EXECUTION),
};

/**
 * `finishExecution` in one statement when it can be: the end of a stored execution with no
 * delivery or one (the usual flow end webhook). False when the end was not written (nothing
 * was): the execution was never stored, or ended already; the transaction then decides.
 */
async function finishAtOnce(
  db: Db,
  ...[execution, deliveries]: Parameters<ExecutionStore['finishExecution']>
): Promise<boolean> {
  const [delivery, ...more] = deliveries;
  if (more.length > 0) return false;
  const params = {
    ...executionParams(execution),
    purgedVariables:
      delivery !== undefined && !execution.variablesPurged
        ? JSON.stringify(keepPersistedVariables(execution.variables, execution.persisted))
        : null,
  };
  if (delivery === undefined) return (await db.run(FINISH_EXECUTION, params)) > 0;
  const row = await db.get(FINISH_WITH_DELIVERY, { ...params, ...deliveryParams(delivery) });
  return (row?.ended ?? 0) > 0;
}

/** Executions in PostgreSQL. */
export function createPostgresExecutions(db: Db): ExecutionStore {
  const insertExecution = groupedInserts(db, INSERT_EXECUTION);
  return {
    createExecution: (execution, hold) =>
      insertExecution({ ...executionParams(execution), ...hold }),

    createExecutions: (executions) =>
      // One transaction: a duplicate anywhere in the batch rolls back the rows before it.
      db.transaction(async (tx) => {
        for (const execution of executions) {
          await tx.run(INSERT_EXECUTION, executionParams(execution));
        }
      }),

    getExecution: async (accountId, executionId) => {
      const row = await db.get(SELECT_EXECUTION, [executionId, accountId]);
      return row && toExecution(row);
    },

    listExecutions: async (accountId, filter, page) => {
      const { size, params } = keysetParams(page);
      const conditions = ['account_id = @accountId'];
      if (filter.flowId !== undefined) conditions.push('flow_id = @flowId');
      if (filter.status !== undefined) conditions.push('status = @status');
      const query = keysetQuery(SELECT_EXECUTIONS, conditions, 'desc', page);
      const rows = await db.all(query, { ...params, ...filter, accountId });
      return toPage(rows.map(toExecution), size);
    },

    markExecutionRunning: async (executionId, startTime) =>
      (await db.run(MARK_RUNNING, [executionId, startTime])) > 0,

    // Transactional outbox (docs/architecture.md): the end and its deliveries are written
    // together or not at all.
    // One statement is one transaction: the usual end is written at once (no BEGIN, COMMIT).
    finishExecution: async (execution, deliveries) => {
      if (await finishAtOnce(db, execution, deliveries)) return;
      await db.transaction((tx) => writeEnd(tx, execution, deliveries));
    },

    listUnfinishedExecutions: async (limit) =>
      (await db.all(SELECT_UNFINISHED, [Math.max(0, limit)])).map(toExecution),

    listDueScheduledExecutions: async (now, limit) =>
      (await db.all(DUE_SCHEDULED, [now, Math.max(0, limit)])).map(toExecution),

    nextScheduledTime: async () => (await db.get(NEXT_SCHEDULED))?.due ?? undefined,

    ...postgresWaits(db),
    ...postgresLeases(db),
    ...postgresExecutionEvents(db),
    ...postgresExecutionCalls(db),
  };
}
