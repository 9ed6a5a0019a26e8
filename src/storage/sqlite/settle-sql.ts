import { settle } from '../common/settle.js';
import { translateSqliteError } from './connection.js';

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
