import { openConnection, type Query, type SqliteConnection } from '../connection.js';

/**
 * The plan SQLite picks for a statement, one line per step (for tests that hold a query to
 * its index). `target` is an open connection, or a database file opened for the call.
 */
export function queryPlan(
  target: SqliteConnection | string,
  query: Query<unknown>,
  ...params: unknown[]
): string {
  const connection = typeof target === 'string' ? openConnection(target) : target;
  try {
    const rows = connection.all<{ detail: string }>(
      { sql: `EXPLAIN QUERY PLAN ${query.sql}` },
      ...params,
    );
    return rows.map((row) => row.detail).join('\n');
  } finally {
    if (typeof target === 'string') connection.close();
  }
}
