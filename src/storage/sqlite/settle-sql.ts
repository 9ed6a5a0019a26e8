import { settle } from '../common/settle.js';
import { translateSqliteError, type SqliteConnection } from './connection.js';

/** `settle` for SQLite work: duplicates reject as `StorageError('CONFLICT')`. */
export function settleSql<T>(work: () => T): Promise<T> {
  return settle(() => {
    try {
      return work();
    } catch (error) {
      throw translateSqliteError(error);
    }
  });
}

/** `settleSql` for a group-committed write (`SqliteConnection.writeBatched`). */
export function settleBatchedSql<T>(
  sql: SqliteConnection,
  work: () => T,
  order?: 'first' | 'last',
): Promise<T> {
  return sql.writeBatched(work, order).catch((error: unknown) => {
    throw translateSqliteError(error);
  });
}
