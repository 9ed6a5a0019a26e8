import type { ExecutionStore } from '../ports.js';
import { eventColumns, SELECT_EVENTS, toExecutionEvent } from '../sqlite/execution-events.js';
import { positional, type Query } from './db.js';
import type { Db } from './db.js';
import { LOCKS } from './locks.js';

// Numbers are read and written under a per-execution lock held to COMMIT: two processes
// appending to one execution take turns, so its numbers have no gap and no duplicate. An
// advisory lock, not the row's: an execution's end may be logged before it is stored.
const LOCK_EXECUTION_EVENTS = 'SELECT pg_advisory_xact_lock($1, hashtext($2))';
const LAST_SEQ: Query<{ last: number | null }> = {
  sql: 'SELECT MAX(seq) AS last FROM execution_events WHERE execution_id = $1',
};
// All of one append in one statement, numbered on from $2 in the order given.
const INSERT_EVENTS = `INSERT INTO execution_events (execution_id, seq, type, at, data)
  SELECT $1, $2 + e.n, e.type, e.at, e.data
  FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS e(type, at, data, n)`;
const EVENTS_AFTER = positional(SELECT_EVENTS);

/** Executions' event logs in PostgreSQL (migration 0003). */
export function postgresExecutionEvents(
  db: Db,
): Pick<ExecutionStore, 'appendExecutionEvents' | 'listExecutionEvents'> {
  return {
    appendExecutionEvents: (executionId, events) =>
      db.transaction(async (tx) => {
        await tx.run(LOCK_EXECUTION_EVENTS, [LOCKS.executionEvents, executionId]);
        const last = (await tx.get(LAST_SEQ, [executionId]))?.last ?? 0;
        const columns = events.map(eventColumns);
        await tx.run(INSERT_EVENTS, [
          executionId,
          last,
          columns.map((column) => column.type),
          columns.map((column) => column.at),
          columns.map((column) => column.data),
        ]);
        return events.map((event, index) => ({ ...event, seq: last + index + 1 }));
      }),

    listExecutionEvents: async (executionId, afterSeq, limit) =>
      (await db.all(EVENTS_AFTER, [executionId, afterSeq, Math.max(0, limit)])).map(
        toExecutionEvent,
      ),
  };
}
