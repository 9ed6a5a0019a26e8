import { StorageError, type ExecutionStore } from '../ports.js';
import { eventColumns, SELECT_EVENTS, toExecutionEvent } from '../sqlite/execution-events.js';
import { positional, type Query } from './db.js';
import type { Db } from './db.js';
import { LOCKS } from './locks.js';

// Numbers follow the highest stored one, in one statement: a concurrent append that took the
// same numbers first makes it fail on the primary key (never a gap or a repeat, and a number
// is never visible before the ones below it are). The usual append (the one process running
// the execution) is that one statement; one that collides appends again under a
// per-execution lock held to COMMIT, so colliding appends take turns (an advisory lock, not
// the row's: an execution's end may be logged before it is stored). A lock holder can still
// collide with an unlocked first try, once per such try: it then appends again.
const LOCK_EXECUTION_EVENTS = 'SELECT pg_advisory_xact_lock($1, hashtext($2))';
const INSERT_EVENTS = `INSERT INTO execution_events (execution_id, seq, type, at, data)
  SELECT $1, COALESCE((SELECT MAX(seq) FROM execution_events WHERE execution_id = $1), 0) + e.n,
    e.type, e.at, e.data
  FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e(type, at, data, n)
  RETURNING seq`;
const INSERTED: Query<{ seq: number }> = { sql: INSERT_EVENTS };
const EVENTS_AFTER = positional(SELECT_EVENTS);
/** Locked appends that collide with unlocked first tries are tried again up to this often. */
const MOST_TRIES = 1000;

const collided = (error: unknown): boolean =>
  error instanceof StorageError && error.code === 'CONFLICT';

/** Executions' event logs in PostgreSQL (migration 0003). */
export function postgresExecutionEvents(
  db: Db,
): Pick<ExecutionStore, 'appendExecutionEvents' | 'listExecutionEvents'> {
  return {
    appendExecutionEvents: async (executionId, events) => {
      const columns = events.map(eventColumns);
      const params = [
        executionId,
        columns.map((column) => column.type),
        columns.map((column) => column.at),
        columns.map((column) => column.data),
      ];
      const numbered = (rows: ReadonlyArray<{ seq: number }>) => {
        const last = Math.min(...rows.map((row) => row.seq)) - 1;
        return events.map((event, index) => ({ ...event, seq: last + index + 1 }));
      };
      if (events.length === 0) return [];
      try {
        return numbered(await db.all(INSERTED, params));
      } catch (error) {
        if (!collided(error)) throw error;
      }
      for (let tries = 1; ; tries += 1) {
        try {
          return await db.transaction(async (tx) => {
            await tx.run(LOCK_EXECUTION_EVENTS, [LOCKS.executionEvents, executionId]);
            return numbered(await tx.all(INSERTED, params));
          });
        } catch (error) {
          if (!collided(error) || tries >= MOST_TRIES) throw error;
        }
      }
    },

    listExecutionEvents: async (executionId, afterSeq, limit) =>
      (await db.all(EVENTS_AFTER, [executionId, afterSeq, Math.max(0, limit)])).map(
        toExecutionEvent,
      ),
  };
}
