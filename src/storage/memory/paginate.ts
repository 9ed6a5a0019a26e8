import { decodeCursor, pageSize, toPageBy, type CursorPosition } from '../common/cursor.js';
import type { Page, PageRequest } from '../ports.js';

/** Listing order by (createdAt, id); ISO times and ids compare as text, as in SQL. */
export function compareKeys(a: CursorPosition, b: CursorPosition): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** One page of `items` in ascending (oldest first) or descending (newest first) key order. */
export function paginate<T extends CursorPosition>(
  items: Iterable<T>,
  page: PageRequest,
  order: 'asc' | 'desc',
): Page<T> {
  return paginateBy(items, page, order, (item) => item);
}

/** `paginate` for items whose key is not named (createdAt, id) (see `toPageBy`). */
export function paginateBy<T>(
  items: Iterable<T>,
  page: PageRequest,
  order: 'asc' | 'desc',
  positionOf: (item: T) => CursorPosition,
): Page<T> {
  const sign = order === 'asc' ? 1 : -1;
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const limit = pageSize(page.limit);
  const sorted = [...items]
    .filter((item) => after === undefined || sign * compareKeys(positionOf(item), after) > 0)
    .sort((a, b) => sign * compareKeys(positionOf(a), positionOf(b)));
  return toPageBy(sorted.slice(0, limit + 1), limit, positionOf);
}
