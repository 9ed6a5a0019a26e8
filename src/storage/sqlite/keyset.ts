import { decodeCursor, pageSize } from '../common/cursor.js';
import type { PageRequest } from '../ports.js';
import type { Query } from './connection.js';

/**
 * The column that breaks ties on created_at: a fixed name, never caller input (it becomes
 * SQL text). Short links are keyed by their code.
 */
export type KeysetIdColumn = 'id' | 'code';

/**
 * Keyset pages over (created_at, id): the query is composed only from fixed fragments
 * (at most a handful of variants per list, each prepared once); values are bound as
 * `@afterCreatedAt`, `@afterId` and `@limit`. Row-value comparison lets SQLite seek the
 * (…, created_at, id) index instead of skipping rows.
 */
export function keysetQuery<Row>(
  select: Query<Row>,
  conditions: readonly string[],
  order: 'asc' | 'desc',
  page: PageRequest,
  idColumn: KeysetIdColumn = 'id',
): Query<Row> {
  const where = [...conditions];
  if (page.cursor !== undefined) {
    const comparison = order === 'asc' ? '>' : '<';
    where.push(`(created_at, ${idColumn}) ${comparison} (@afterCreatedAt, @afterId)`);
  }
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  return {
    sql: `${select.sql} WHERE ${where.join(' AND ')}
      ORDER BY created_at ${direction}, ${idColumn} ${direction} LIMIT @limit`,
  };
}

/** The bound values of a keyset page: one row more than the page, to tell if another follows. */
export function keysetParams(page: PageRequest): {
  size: number;
  params: { limit: number; afterCreatedAt: string | null; afterId: string | null };
} {
  const size = pageSize(page.limit);
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  return {
    size,
    params: {
      limit: size + 1,
      afterCreatedAt: after?.createdAt ?? null,
      afterId: after?.id ?? null,
    },
  };
}
