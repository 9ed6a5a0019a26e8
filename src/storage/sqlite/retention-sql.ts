import type { Query } from './connection.js';

// docs/server.md "Retention": the read side of a prune batch. Every query walks an index
// range (or rowid range) of prunable rows only; none scans the tables.

const NOTHING_PENDING = `NOT EXISTS (SELECT 1 FROM deliveries
    WHERE deliveries.execution_id = executions.id AND deliveries.status = 'pending')`;

/** The newest stored execution's rowid: rowids grow in insertion order. */
export const TOP_ROWID: Query<{ top: number | null }> = {
  sql: 'SELECT max(rowid) AS top FROM executions',
};

/** Ended executions stored at or before the cutoff rowid, oldest stored first. */
export const BEYOND_COUNT: Query<{ id: string }> = {
  sql: `SELECT id FROM executions
    WHERE rowid <= @cutoff AND status IN ('completed', 'failed') AND ${NOTHING_PENDING}
    ORDER BY rowid LIMIT @limit`,
};

/** The next account after `@after` that has executions (one index seek each). */
export const NEXT_EXECUTION_ACCOUNT: Query<{ accountId: string }> = {
  sql: `SELECT account_id AS accountId FROM executions INDEXED BY executions_by_account
    WHERE account_id > @after ORDER BY account_id LIMIT 1`,
};

/** One account's executions of one ended status created before `@olderThan`, oldest first. */
export const OLDER_THAN: Query<{ id: string; createdAt: string }> = {
  sql: `SELECT id, created_at AS createdAt FROM executions INDEXED BY executions_by_status
    WHERE account_id = @accountId AND status = @status AND created_at < @olderThan
      AND ${NOTHING_PENDING}
    ORDER BY created_at, id LIMIT @limit`,
};

/** The next account after `@after` that has deliveries. */
export const NEXT_DELIVERY_ACCOUNT: Query<{ accountId: string }> = {
  sql: `SELECT account_id AS accountId FROM deliveries INDEXED BY deliveries_by_account
    WHERE account_id > @after ORDER BY account_id LIMIT 1`,
};

/** One account's settled deliveries of no execution created before `@olderThan`. */
export const STANDALONE_OLDER_THAN: Query<{ id: string }> = {
  sql: `SELECT id FROM deliveries INDEXED BY deliveries_by_account
    WHERE account_id = @accountId AND created_at < @olderThan
      AND execution_id IS NULL AND status <> 'pending'
    ORDER BY created_at, id LIMIT @limit`,
};

export const DELETE_EXECUTION_ATTEMPTS = `DELETE FROM delivery_attempts
  WHERE delivery_id IN (SELECT id FROM deliveries WHERE execution_id = ?)`;
export const DELETE_EXECUTION_DELIVERIES = 'DELETE FROM deliveries WHERE execution_id = ?';
export const DELETE_EXECUTION = 'DELETE FROM executions WHERE id = ?';
export const DELETE_ATTEMPTS = 'DELETE FROM delivery_attempts WHERE delivery_id = ?';
export const DELETE_DELIVERY = 'DELETE FROM deliveries WHERE id = ?';
