import pg from 'pg';
import { StorageError } from '../ports.js';

/** A read query with the row type it yields (the row type is only for the compiler). */
export interface Query<Row> {
  readonly sql: string;
  readonly row?: Row;
}

/**
 * Bound values: an array for `$1`-style SQL, or an object for SQL written with `@name`
 * placeholders (as the SQLite adapter's statements are), turned into `$n` here.
 */
export type Params = readonly unknown[] | object;

/** Statements on one connection, or on whichever pooled connection is free. */
export interface Sql {
  all<Row>(query: Query<Row>, params?: Params): Promise<Row[]>;
  get<Row>(query: Query<Row>, params?: Params): Promise<Row | undefined>;
  /** Runs a write; returns how many rows it changed. */
  run(sql: string, params?: Params): Promise<number>;
}

/** The pool, with transactions. */
export interface Db extends Sql {
  readonly pool: pg.Pool;
  /**
   * Runs `work` in one transaction on one connection (READ COMMITTED): committed when it
   * resolves, rolled back when it rejects. Duplicates reject as `StorageError('CONFLICT')`.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
}

/** SQL written with `?` placeholders (shared with the SQLite adapter) with `$n` instead. */
export function positional<Row>(query: Query<Row>): Query<Row> {
  let index = 0;
  return { sql: query.sql.replace(/\?/g, () => `$${(index += 1)}`) };
}

const compiled = new Map<string, { text: string; names: string[] }>();

/** `@name` placeholders to `$n` (one number per distinct name), cached per statement. */
function compile(sql: string): { text: string; names: string[] } {
  let entry = compiled.get(sql);
  if (!entry) {
    const names: string[] = [];
    const text = sql.replace(/@([A-Za-z]\w*)/g, (_, name: string) => {
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      return `$${index + 1}`;
    });
    entry = { text, names };
    compiled.set(sql, entry);
  }
  return entry;
}

function bind(sql: string, params: Params = []): { text: string; values: unknown[] } {
  if (Array.isArray(params)) return { text: sql, values: params as unknown[] };
  const { text, names } = compile(sql);
  const named = params as Readonly<Record<string, unknown>>;
  return { text, values: names.map((name) => named[name] ?? null) };
}

const UNIQUE_VIOLATION = '23505';
/** `invalid byte sequence for encoding "UTF8": 0x00`: a NUL in a text parameter. */
const NOT_IN_ENCODING = '22021';

/**
 * A unique-key violation is the caller's duplicate (CONFLICT); a text with a NUL character,
 * which PostgreSQL's text cannot hold, is the caller's bad value (INVALID_VALUE, docs/server.md
 * "Request bodies"); anything else stays a fault.
 */
export function translatePgError(error: unknown): unknown {
  if (error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION) {
    return new StorageError('CONFLICT', `duplicate: ${error.message}`);
  }
  if (error instanceof pg.DatabaseError && error.code === NOT_IN_ENCODING) {
    return new StorageError('INVALID_VALUE', 'a text value contains the NUL character (U+0000)');
  }
  return error;
}

function statements(client: pg.Pool | pg.PoolClient): Sql {
  const query = async <Row>(sql: string, params?: Params) => {
    const { text, values } = bind(sql, params);
    try {
      return await client.query<Row & pg.QueryResultRow>(text, values);
    } catch (error) {
      throw translatePgError(error);
    }
  };
  return {
    all: async <Row>(q: Query<Row>, params?: Params) => (await query<Row>(q.sql, params)).rows,
    get: async <Row>(q: Query<Row>, params?: Params) =>
      (await query<Row>(q.sql, params)).rows[0] as Row | undefined,
    run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
  };
}

/** Statements over a pool, and transactions on one of its connections. */
export function createDb(pool: pg.Pool): Db {
  return {
    pool,
    ...statements(pool),
    transaction: async <T>(work: (tx: Sql) => Promise<T>) => {
      const client = await pool.connect();
      // A connection whose ROLLBACK failed is broken: the pool drops it instead of reusing it.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await work(statements(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: unknown) => {
          broken = rollback instanceof Error ? rollback : new Error(String(rollback));
        });
        throw translatePgError(error);
      } finally {
        client.release(broken);
      }
    },
  };
}
