import type { Query } from './connection.js';
import type { ExecutionRow } from './execution-rows.js';

/*
 * The scheduler's reads (docs/internal-functions.md createOutbound), apart so the SQLite tests can check their
 * query plans. Both repeat the WHERE of the partial index `executions_due_scheduled`
 * (migration 0002): SQLite uses a partial index only when the query implies its WHERE, and
 * then reads just the queued, scheduled rows in due order however many executions ended.
 */

/** Queued executions due at `?` (now), in order of scheduled_for then id, up to `?` rows. */
export const SELECT_DUE_SCHEDULED: Query<ExecutionRow> = {
  sql: `SELECT * FROM executions
    WHERE status = 'queued' AND scheduled_for IS NOT NULL AND scheduled_for <= ?
    ORDER BY scheduled_for, id LIMIT ?`,
};

/** The earliest scheduled_for of a queued execution; NULL when none is scheduled. */
export const NEXT_SCHEDULED: Query<{ due: string | null }> = {
  sql: `SELECT MIN(scheduled_for) AS due FROM executions
    WHERE status = 'queued' AND scheduled_for IS NOT NULL`,
};
