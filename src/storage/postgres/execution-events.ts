import {
  StorageError,
  type ExecutionEvent,
  type ExecutionStore,
  type NewExecutionEvent,
} from '../ports.js';
import { eventColumns, SELECT_EVENTS, toExecutionEvent } from '../sqlite/execution-events.js';
import { positional, type Query } from './db.js';
import type { Db } from './db.js';
import { LOCKS } from './locks.js';
import { callsPerTurn, type Waiter } from '../../per-turn/index.js';

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

// The appends of one event-loop turn, for several executions, in one statement
// (docs/adr/0011-fewer-postgresql-round-trips.md "Group inserts"): each execution's events
// numbered on from its own highest stored one. One execution appears once in it (its appends
// of the turn are joined in order): its rows are numbered from one MAX.
const INSERT_GROUPED: Query<{ execution_id: string; seq: number }> = {
  sql: `INSERT INTO execution_events (execution_id, seq, type, at, data)
  SELECT e.id, COALESCE((SELECT MAX(seq) FROM execution_events x WHERE x.execution_id = e.id), 0)
      + e.n, e.type, e.at, e.data
  FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::text[])
    AS e(id, n, type, at, data)
  RETURNING execution_id, seq`,
};

type Append = Waiter<
  { executionId: string; events: readonly NewExecutionEvent[] },
  ExecutionEvent[]
>;

/** One append in one statement; on a collision, again under the execution's lock. */
async function appendAlone(
  db: Db,
  executionId: string,
  events: readonly NewExecutionEvent[],
): Promise<ExecutionEvent[]> {
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
}

/** Executions' event logs in PostgreSQL (migration 0003). */
export function postgresExecutionEvents(
  db: Db,
): Pick<ExecutionStore, 'appendExecutionEvents' | 'listExecutionEvents'> {
  const alone = ({ input, resolve, reject }: Append): void => {
    appendAlone(db, input.executionId, input.events).then(resolve, reject);
  };

  /** Several executions' appends in one statement; a failure sends each back alone. */
  const together = async (byExecution: Map<string, Append[]>): Promise<void> => {
    const [ids, ns, types, ats, data] = [[], [], [], [], []] as [
      string[],
      number[],
      string[],
      string[],
      string[],
    ];
    for (const [executionId, appends] of byExecution) {
      let n = 0;
      for (const { input } of appends) {
        for (const column of input.events.map(eventColumns)) {
          n += 1;
          ids.push(executionId);
          ns.push(n);
          types.push(column.type);
          ats.push(column.at);
          data.push(column.data);
        }
      }
    }
    let rows;
    try {
      rows = await db.all(INSERT_GROUPED, [ids, ns, types, ats, data]);
    } catch {
      // A collision, or a value one append holds that the database refuses: each goes again
      // alone, so a failure is only its own caller's.
      for (const appends of byExecution.values()) for (const append of appends) alone(append);
      return;
    }
    const first = new Map<string, number>();
    for (const row of rows) {
      const seen = first.get(row.execution_id);
      if (seen === undefined || row.seq < seen) first.set(row.execution_id, row.seq);
    }
    for (const [executionId, appends] of byExecution) {
      let seq = first.get(executionId) ?? 1;
      for (const { input, resolve } of appends) {
        resolve(input.events.map((event) => ({ ...event, seq: seq++ })));
      }
    }
  };

  const append = callsPerTurn<Append['input'], ExecutionEvent[]>((batch) => {
    const byExecution = new Map<string, Append[]>();
    for (const waiter of batch) {
      const appends = byExecution.get(waiter.input.executionId);
      if (appends === undefined) byExecution.set(waiter.input.executionId, [waiter]);
      else appends.push(waiter);
    }
    const [only] = batch;
    if (batch.length === 1 && only !== undefined) alone(only);
    else void together(byExecution);
  });

  return {
    appendExecutionEvents: (executionId, events) =>
      events.length === 0 ? Promise.resolve([]) : append({ executionId, events }),

    listExecutionEvents: async (executionId, afterSeq, limit) =>
      (await db.all(EVENTS_AFTER, [executionId, afterSeq, Math.max(0, limit)])).map(
        toExecutionEvent,
      ),
  };
}
