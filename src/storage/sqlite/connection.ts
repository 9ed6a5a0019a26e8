import Database from 'better-sqlite3';
import { StorageError } from '../ports.js';
import { makePrivate } from './private-file.js';

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
  /**
   * Group commit: runs `work` in a transaction shared with every other `writeBatched` call of
   * the same event-loop turn, and settles once that transaction has committed (durable, as
   * with `write`). A commit costs about as much as a small row, so executions ending
   * together share one. When one call's work throws, the shared transaction is rolled back
   * and every call of the batch runs again in a transaction of its own, so only that one is
   * refused: `work` must do nothing but database work (it may run twice). Work queued
   * `last` runs after all other work of its batch, whenever it was queued: a claim for the
   * slots that the attempts recorded in the same turn free sees their leases released.
   */
  writeBatched<T>(work: () => T, order?: 'first' | 'last'): Promise<T>;
  close(): void;
}

interface BatchedWrite {
  work: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Opens (creating if needed, mode 0600) a database file with the settings every Hookline
 * connection uses.
 *
 * `synchronous = NORMAL` with WAL: a COMMIT has written the transaction to the WAL file
 * (in the OS page cache) before it returns, so a process that dies at any instant (SIGKILL,
 * crash, OOM) loses no committed transaction; the OS writes it out. Only an OS crash or
 * power loss before the next checkpoint could drop the latest commits (never corrupt the
 * file). The requirement is "the process may die at any point" (docs/server.md, docs/architecture.md), so the
 * fsync on every commit that FULL adds would cost throughput for nothing we promise.
 */
export function openConnection(file: string): SqliteConnection {
  makePrivate(file);
  const db = new Database(file);
  // Set first: the pragmas below may themselves wait for another process's lock.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // 64 MiB of page cache (SQLite's default is 2 MiB): see docs/architecture.md.
  db.pragma('cache_size = -65536');

  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };

  // One wrapper each, made once: `db.transaction()` builds a new function on every call.
  // Called inside a transaction, a wrapper runs as a savepoint.
  const transaction = db.transaction((work: () => unknown) => work());
  const runBatch = db.transaction((items: readonly BatchedWrite[]) =>
    items.map((item) => item.work()),
  );
  let first: BatchedWrite[] = [];
  let last: BatchedWrite[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const items = last.length === 0 ? first : [...first, ...last];
    first = [];
    last = [];
    if (items.length === 0) return;
    let values: unknown[];
    try {
      values = runBatch.immediate(items);
    } catch {
      // Rolled back whole: each alone now, so only the failing one is refused.
      for (const item of items) {
        try {
          item.resolve(transaction.immediate(item.work));
        } catch (error) {
          item.reject(error);
        }
      }
      return;
    }
    items.forEach((item, index) => {
      item.resolve(values[index]);
    });
  };

  return {
    db,
    get: <Row>(query: Query<Row>, ...params: unknown[]) =>
      prepare(query.sql).get(...params) as Row | undefined,
    all: <Row>(query: Query<Row>, ...params: unknown[]) =>
      prepare(query.sql).all(...params) as Row[],
    run: (sql, ...params) => prepare(sql).run(...params).changes,
    write: <T>(work: () => T) => transaction.immediate(work) as T,
    writeBatched: <T>(work: () => T, order: 'first' | 'last' = 'first') =>
      new Promise<T>((resolve, reject) => {
        // After this turn's I/O callbacks: everything that ended in it joins.
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
        (order === 'last' ? last : first).push({ work, resolve, reject });
      }),
    close: () => {
      if (!db.open) return;
      flush();
      db.close();
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
