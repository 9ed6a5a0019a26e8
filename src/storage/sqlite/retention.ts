import type { PruneRequest, PruneResult, RetentionStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import {
  BEYOND_COUNT,
  DELETE_ATTEMPTS,
  DELETE_DELIVERY,
  DELETE_EXECUTION,
  DELETE_EXECUTION_ATTEMPTS,
  DELETE_EXECUTION_DELIVERIES,
  NEXT_DELIVERY_ACCOUNT,
  NEXT_EXECUTION_ACCOUNT,
  OLDER_THAN,
  STANDALONE_OLDER_THAN,
  TOP_ROWID,
} from './retention-sql.js';
import { settleSql } from './settle-sql.js';

/**
 * Retention in SQLite: each call is one IMMEDIATE transaction over at most `limit`
 * executions (and their deliveries), so the write lock is held briefly.
 */
export function createSqliteRetention(sql: SqliteConnection): RetentionStore {
  return {
    pruneExpired: (request) => settleSql(() => sql.write(() => pruneBatch(sql, request))),
  };
}

function pruneBatch(sql: SqliteConnection, request: PruneRequest): PruneResult {
  const result: PruneResult = { executions: 0, deliveries: 0, attempts: 0, more: false };
  for (const id of expiredExecutions(sql, request)) {
    result.attempts += sql.run(DELETE_EXECUTION_ATTEMPTS, id);
    result.deliveries += sql.run(DELETE_EXECUTION_DELIVERIES, id);
    result.executions += sql.run(DELETE_EXECUTION, id);
  }
  let room = request.limit - result.executions;
  if (request.olderThan !== undefined && room > 0) {
    const { olderThan } = request;
    for (const accountId of accounts(sql, NEXT_DELIVERY_ACCOUNT)) {
      const rows = sql.all(STANDALONE_OLDER_THAN, { accountId, olderThan, limit: room });
      for (const { id } of rows) {
        result.attempts += sql.run(DELETE_ATTEMPTS, id);
        result.deliveries += sql.run(DELETE_DELIVERY, id);
      }
      room -= rows.length;
      if (room <= 0) break;
    }
  }
  result.more = room <= 0;
  return result;
}

/** Up to `limit` prunable execution ids: beyond `keepLatest` first, then by age. */
function expiredExecutions(sql: SqliteConnection, request: PruneRequest): string[] {
  const { limit, keepLatest, olderThan } = request;
  const chosen = new Set<string>();
  if (keepLatest !== undefined) {
    const top = sql.get(TOP_ROWID)?.top ?? 0;
    for (const { id } of sql.all(BEYOND_COUNT, { cutoff: top - keepLatest, limit })) {
      chosen.add(id);
    }
  }
  if (olderThan === undefined) return [...chosen];
  for (const accountId of accounts(sql, NEXT_EXECUTION_ACCOUNT)) {
    if (chosen.size >= limit) break;
    const params = { accountId, olderThan, limit: limit - chosen.size };
    const rows = [
      ...sql.all(OLDER_THAN, { ...params, status: 'completed' }),
      ...sql.all(OLDER_THAN, { ...params, status: 'failed' }),
    ].sort((a, b) => (a.createdAt === b.createdAt ? 0 : a.createdAt < b.createdAt ? -1 : 1));
    for (const { id } of rows) {
      if (chosen.size >= limit) break;
      chosen.add(id);
    }
  }
  return [...chosen];
}

/** Every account id of a table, one index seek each (accounts are few, rows many). */
function* accounts(sql: SqliteConnection, next: Query<{ accountId: string }>): Generator<string> {
  let after = '';
  for (;;) {
    const row = sql.get(next, { after });
    if (!row) return;
    yield row.accountId;
    after = row.accountId;
  }
}
