/**
 * Keyset pagination shared by the adapters: a cursor names the last item of the previous
 * page by its sort key (createdAt, id), so pages never skip or repeat rows when others are
 * added meanwhile (an offset would). The encoding is opaque to callers.
 */
import { StorageError, type Page } from '../ports.js';

/** Where a page starts: strictly after this item in the listing's order. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/** The cursor of the item a page ended on. */
function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), 'utf8').toString(
    'base64url',
  );
}

/** The position a cursor names; a cursor we did not issue is a caller error, not a crash. */
export function decodeCursor(cursor: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string'
  ) {
    throw invalidCursor();
  }
  return { createdAt: parsed[0], id: parsed[1] };
}

/** A usable page size: at least one row, so a client can never loop on empty pages. */
export function pageSize(limit: number): number {
  return Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 1;
}

/**
 * Builds a page from up to `limit + 1` rows in listing order: the extra row only says that
 * another page exists.
 */
export function toPage<T extends CursorPosition>(rows: T[], limit: number): Page<T> {
  return toPageBy(rows, limit, (row) => row);
}

/**
 * `toPage` for rows whose key is not named (createdAt, id), e.g. a short link's
 * (createdAt, code): `positionOf` says where each row sits in the listing order.
 */
export function toPageBy<T>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => CursorPosition,
): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return last === undefined ? { items } : { items, nextCursor: encodeCursor(positionOf(last)) };
}

function invalidCursor(): StorageError {
  return new StorageError('INVALID_CURSOR', 'the page cursor is not one this server issued');
}
