import type { PruneRequest, PruneResult, RetentionStore } from '../ports.js';
import type { Db, Query, Sql } from './db.js';

// docs/server.md "Retention". Each read walks an index of prunable rows only.
const NOTHING_PENDING = `NOT EXISTS (SELECT 1 FROM deliveries
    WHERE deliveries.execution_id = executions.id AND deliveries.status = 'pending')`;

/** The storage order of the newest execution beyond the `$1` stored last (none: NULL). */
const KEEP_CUTOFF: Query<{ seq: string }> = {
  sql: 'SELECT seq FROM executions ORDER BY seq DESC OFFSET $1 LIMIT 1',
};
/** Ended executions stored at or before the cutoff, oldest stored first. */
const BEYOND_COUNT: Query<{ id: string }> = {
  sql: `SELECT id FROM executions
    WHERE seq <= $1 AND status IN ('completed', 'failed') AND ${NOTHING_PENDING}
    ORDER BY seq LIMIT $2`,
};
/** Ended executions created before `$1`, oldest created first (so each account's too). */
const OLDER_THAN: Query<{ id: string }> = {
  sql: `SELECT id FROM executions
    WHERE status IN ('completed', 'failed') AND created_at < $1 AND ${NOTHING_PENDING}
    ORDER BY created_at, id LIMIT $2`,
};
/** Settled deliveries of no execution created before `$1`, oldest first, locked (see below). */
const STANDALONE_OLDER_THAN: Query<{ id: string }> = {
  sql: `SELECT id FROM deliveries
    WHERE execution_id IS NULL AND created_at < $1 AND status <> 'pending'
    ORDER BY created_at, id LIMIT $2 FOR UPDATE`,
};
/**
 * Locks the chosen executions' deliveries and reads their status again: a resend committed
 * since the choice made one pending (its execution is then kept), and one made after this
 * waits, then finds the delivery gone.
 */
const LOCK_DELIVERIES: Query<{ execution_id: string; status: string }> = {
  sql: `SELECT execution_id, status FROM deliveries WHERE execution_id = ANY($1::text[])
    ORDER BY id FOR UPDATE`,
};
const DELETE_ATTEMPTS = `DELETE FROM delivery_attempts
  WHERE delivery_id IN (SELECT id FROM deliveries WHERE execution_id = ANY($1::text[]))`;
const DELETE_DELIVERIES = 'DELETE FROM deliveries WHERE execution_id = ANY($1::text[])';
// An execution's event log goes with it (no foreign key: see migration 0003).
const DELETE_EVENTS = 'DELETE FROM execution_events WHERE execution_id = ANY($1::text[])';
const DELETE_EXECUTIONS = 'DELETE FROM executions WHERE id = ANY($1::text[])';
const DELETE_STANDALONE_ATTEMPTS =
  'DELETE FROM delivery_attempts WHERE delivery_id = ANY($1::text[])';
const DELETE_STANDALONE = 'DELETE FROM deliveries WHERE id = ANY($1::text[])';

/**
 * Retention in PostgreSQL: each call is one transaction over at most `limit` executions
 * (and their deliveries).
 */
export function createPostgresRetention(db: Db): RetentionStore {
  return { pruneExpired: (request) => db.transaction((tx) => pruneBatch(tx, request)) };
}

async function pruneBatch(tx: Sql, request: PruneRequest): Promise<PruneResult> {
  const result: PruneResult = { executions: 0, deliveries: 0, attempts: 0, more: false };
  const executions = await settledOnly(tx, await expiredExecutions(tx, request));
  if (executions.length > 0) {
    result.attempts += await tx.run(DELETE_ATTEMPTS, [executions]);
    result.deliveries += await tx.run(DELETE_DELIVERIES, [executions]);
    await tx.run(DELETE_EVENTS, [executions]);
    result.executions += await tx.run(DELETE_EXECUTIONS, [executions]);
  }
  let room = request.limit - result.executions;
  if (request.olderThan !== undefined && room > 0) {
    const rows = await tx.all(STANDALONE_OLDER_THAN, [request.olderThan, room]);
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) {
      result.attempts += await tx.run(DELETE_STANDALONE_ATTEMPTS, [ids]);
      result.deliveries += await tx.run(DELETE_STANDALONE, [ids]);
    }
    room -= ids.length;
  }
  result.more = room <= 0;
  return result;
}

/** The executions of `ids` with no pending delivery, their deliveries locked. */
async function settledOnly(tx: Sql, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return ids;
  const pending = new Set<string>();
  for (const row of await tx.all(LOCK_DELIVERIES, [ids])) {
    if (row.status === 'pending') pending.add(row.execution_id);
  }
  return ids.filter((id) => !pending.has(id));
}

/** Up to `limit` prunable execution ids: beyond `keepLatest` first, then by age. */
async function expiredExecutions(tx: Sql, request: PruneRequest): Promise<string[]> {
  const { keepLatest, olderThan } = request;
  const limit = Math.max(0, request.limit);
  const chosen = new Set<string>();
  if (keepLatest !== undefined && limit > 0) {
    const cutoff = await tx.get(KEEP_CUTOFF, [Math.max(0, keepLatest)]);
    if (cutoff !== undefined) {
      for (const { id } of await tx.all(BEYOND_COUNT, [cutoff.seq, limit])) chosen.add(id);
    }
  }
  if (olderThan === undefined || chosen.size >= limit) return [...chosen];
  // `limit` rows: enough new ones even when some were already chosen by count.
  for (const { id } of await tx.all(OLDER_THAN, [olderThan, limit])) {
    if (chosen.size >= limit) break;
    chosen.add(id);
  }
  return [...chosen];
}
