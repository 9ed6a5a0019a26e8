import type { Sql } from './db.js';
import { callsPerTurn, type Waiter } from '../../per-turn/index.js';

/** Rows of one INSERT at most (21 columns each: well under PostgreSQL's 65,535 parameters). */
const MOST_ROWS = 64;

type Waiting = Waiter<Record<string, unknown>, undefined>;

/**
 * New executions stored together (docs/adr/0011-fewer-postgresql-round-trips.md "Group
 * inserts"): the `createExecution` calls of one event-loop turn become one multi-row INSERT,
 * one round trip and one commit instead of one each. Each caller's promise resolves once the
 * statement holding its row committed, as before. A duplicate id (or any value the database
 * refuses) makes the whole statement fail; the rows are then inserted one by one, so only
 * that row's caller gets the error.
 *
 * `insert` is a one-row `INSERT ... VALUES (@name, ...)` statement.
 */
export function groupedInserts(
  db: Sql,
  insert: string,
): (params: Record<string, unknown>) => Promise<void> {
  const [head = '', row = ''] = insert.split(/\bVALUES\b/);
  const names = [...row.matchAll(/@([A-Za-z]\w*)/g)].map((match) => match[1] as string);
  const statements = new Map<number, string>();
  /** The INSERT of `rows` rows, positional. */
  const statement = (rows: number): string => {
    let sql = statements.get(rows);
    if (sql === undefined) {
      const tuples = Array.from(
        { length: rows },
        (_, row) =>
          `(${names.map((_, column) => `$${row * names.length + column + 1}`).join(', ')})`,
      );
      sql = `${head}VALUES ${tuples.join(', ')}`;
      statements.set(rows, sql);
    }
    return sql;
  };
  const one = async ({ input: params, resolve, reject }: Waiting): Promise<void> => {
    try {
      await db.run(insert, params);
      resolve(undefined);
    } catch (error) {
      reject(error);
    }
  };
  const many = async (batch: Waiting[]): Promise<void> => {
    const values = batch.flatMap(({ input }) => names.map((name) => input[name] ?? null));
    try {
      await db.run(statement(batch.length), values);
    } catch {
      // One row can fail them all (a duplicate id, a value the database refuses): each is
      // inserted again alone, so a failure is only its own caller's.
      await Promise.all(batch.map(one));
      return;
    }
    for (const entry of batch) entry.resolve(undefined);
  };
  return callsPerTurn<Record<string, unknown>, undefined>((batch) => {
    for (let start = 0; start < batch.length; start += MOST_ROWS) {
      const part = batch.slice(start, start + MOST_ROWS);
      void (part.length === 1 ? one(part[0] as Waiting) : many(part));
    }
  });
}
