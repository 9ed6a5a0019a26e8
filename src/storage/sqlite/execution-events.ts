import type { ExecutionEvent, ExecutionStore, NewExecutionEvent } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { settleBatchedSql, settleSql } from './settle-sql.js';

/** A stored event (the PostgreSQL adapter reads the same rows). */
export interface EventRow {
  seq: number;
  type: string;
  at: string;
  /** JSON of the event's other fields. */
  data: string;
}

const LAST_SEQ: Query<{ last: number | null }> = {
  sql: 'SELECT MAX(seq) AS last FROM execution_events WHERE execution_id = ?',
};
const INSERT_EVENT = `INSERT INTO execution_events (execution_id, seq, type, at, data)
  VALUES (?, ?, ?, ?, ?)`;
/** The log of execution `?` after seq `?`, in order, up to `?` events. */
export const SELECT_EVENTS: Query<EventRow> = {
  sql: `SELECT seq, type, at, data FROM execution_events
    WHERE execution_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
};

/** An event's columns: `type`, `at`, and the rest as JSON. */
export function eventColumns(event: NewExecutionEvent): Omit<EventRow, 'seq'> {
  const { type, at, ...data } = event;
  return { type, at, data: JSON.stringify(data) };
}

export function toExecutionEvent(row: EventRow): ExecutionEvent {
  return {
    ...(JSON.parse(row.data) as Record<string, unknown>),
    seq: row.seq,
    type: row.type,
    at: row.at,
  };
}

/** Executions' event logs in SQLite (migration 0010). */
export function sqliteExecutionEvents(
  sql: SqliteConnection,
): Pick<ExecutionStore, 'appendExecutionEvents' | 'listExecutionEvents'> {
  return {
    appendExecutionEvents: (executionId, events) =>
      // The number is read and written in one write transaction: no two appends share one.
      settleBatchedSql(sql, () => {
        let seq = sql.get(LAST_SEQ, executionId)?.last ?? 0;
        return events.map((event): ExecutionEvent => {
          seq += 1;
          const { type, at, data } = eventColumns(event);
          sql.run(INSERT_EVENT, executionId, seq, type, at, data);
          return { ...event, seq };
        });
      }),

    listExecutionEvents: (executionId, afterSeq, limit) =>
      settleSql(() =>
        sql.all(SELECT_EVENTS, executionId, afterSeq, Math.max(0, limit)).map(toExecutionEvent),
      ),
  };
}
