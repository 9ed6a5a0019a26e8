import type { ExecutionStore } from '../ports.js';
import { toExecution } from '../sqlite/execution-rows.js';
import { NEXT_WAIT_DUE, RESUME, SELECT_DUE_WAITS, WAIT, waitParams } from '../sqlite/wait-sql.js';
import { positional, type Db } from './db.js';

// The statements are shared with SQLite. Each is one statement: RESUME checks the status
// and the sequence in the row it updates, so of two processes answering one wait (or an
// answer and the timeout) only one changes the row; the other, after the first commits,
// finds it no longer waiting on that sequence.
const DUE_WAITS = positional(SELECT_DUE_WAITS);

/** Executions waiting for the caller, in PostgreSQL (docs/server.md "Live executions"). */
export function postgresWaits(
  db: Db,
): Pick<ExecutionStore, 'waitExecution' | 'resumeExecution' | 'listDueWaits' | 'nextWaitDue'> {
  return {
    waitExecution: async (execution) => (await db.run(WAIT, waitParams(execution))) > 0,

    resumeExecution: async (executionId, sequence, hold) =>
      (await db.run(RESUME, { ...hold, executionId, sequence })) > 0,

    listDueWaits: async (now, limit) =>
      (await db.all(DUE_WAITS, [now, Math.max(0, limit)])).map(toExecution),

    nextWaitDue: async () => (await db.get(NEXT_WAIT_DUE))?.due ?? undefined,
  };
}
