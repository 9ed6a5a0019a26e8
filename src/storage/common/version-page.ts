/**
 * Pages of a flow's versions, newest first. A cursor names the last version of the previous
 * page (encoded as the other cursors are, with the version number as its id), so a page never
 * repeats or skips a version when new ones are saved meanwhile.
 */
import { StorageError, type FlowVersionSummary, type Page, type PageRequest } from '../ports.js';
import { decodeCursor, pageSize, toPageBy } from './cursor.js';

/** The page's size and the version it starts below (none for the first page). */
export function versionPageStart(page: PageRequest): { size: number; before: number | null } {
  const size = pageSize(page.limit);
  if (page.cursor === undefined) return { size, before: null };
  const { id } = decodeCursor(page.cursor);
  if (!/^[1-9]\d{0,8}$/.test(id)) {
    throw new StorageError('INVALID_CURSOR', 'the page cursor is not one this server issued');
  }
  return { size, before: Number(id) };
}

/** A page from up to `size + 1` versions, newest first (the extra one says another follows). */
export function toVersionPage(rows: FlowVersionSummary[], size: number): Page<FlowVersionSummary> {
  return toPageBy(rows, size, (row) => ({ createdAt: row.createdAt, id: String(row.version) }));
}
