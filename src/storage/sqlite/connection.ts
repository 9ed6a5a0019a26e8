import Database from 'better-sqlite3';
import { StorageError } from '../ports.js';

/** A read query with the row type it yields (the row type is only for the compiler). */
export interface Query<Row> {
  readonly sql: string;
  readonly row?: Row;
}

/** One open database file with cached prepared statements. */
export interface SqliteConnection {
  readonly db: Database.Database;
  get<Row>(query: Query<Row>, ...params: unknown[]): Row | undefined;
  all<Row>(query: Query<Row>, ...params: unknown[]): Row[];
  /** Runs a write; returns how many rows it changed. */
  run(sql: string, ...params: unknown[]): number;
  /**
   * Runs `work` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a
   * read-then-write cannot interleave with another process (waits up to busy_timeout).
   */
  write<T>(work: () => T): T;
  close(): void;
}

/**
 * Opens (creating if needed) a database file with the settings every Hookline connection
 * uses.
 *
 * `synchronous = NORMAL` with WAL: a COMMIT has written the transaction to the WAL file
 * (in the OS page cache) before it returns, so a process that dies at any instant (SIGKILL,
 * crash, OOM) loses no committed transaction; the OS writes it out. Only an OS crash or
 * power loss before the next checkpoint could drop the latest commits (never corrupt the
 * file). The requirement is "the process may die at any point" (SPEC §4, DESIGN §2), so the
 * fsync on every commit that FULL adds would cost throughput for nothing we promise.
 */
export function openConnection(file: string): SqliteConnection {
  const db = new Database(file);
  // Set first: the pragmas below may themselves wait for another process's lock.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');

  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };

  return {
    db,
    get: <Row>(query: Query<Row>, ...params: unknown[]) =>
      prepare(query.sql).get(...params) as Row | undefined,
    all: <Row>(query: Query<Row>, ...params: unknown[]) =>
      prepare(query.sql).all(...params) as Row[],
    run: (sql, ...params) => prepare(sql).run(...params).changes,
    write: (work) => db.transaction(work).immediate(),
    close: () => {
      if (db.open) db.close();
    },
  };
}

const UNIQUE_VIOLATIONS = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

/** A unique-key violation is the caller's duplicate (CONFLICT); anything else stays a fault. */
export function translateSqliteError(error: unknown): unknown {
  if (error instanceof Database.SqliteError && UNIQUE_VIOLATIONS.has(error.code)) {
    return new StorageError('CONFLICT', `duplicate: ${error.message}`);
  }
  return error;
}
