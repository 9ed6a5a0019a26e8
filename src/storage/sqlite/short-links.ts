import { toPageBy } from '../common/cursor.js';
import type { ShortLinkRecord, ShortLinkStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { settleSql } from './settle-sql.js';

/** `short_links` as stored. */
interface ShortLinkRow {
  code: string;
  account_id: string;
  long_url: string;
  created_at: string;
  clicks: number;
}

const INSERT_LINK = `INSERT INTO short_links (code, account_id, long_url, created_at, clicks)
  VALUES (@code, @accountId, @longUrl, @createdAt, @clicks)`;
const SELECT_BY_CODE: Query<ShortLinkRow> = {
  sql: 'SELECT * FROM short_links WHERE code = ?',
};
// One statement: SQLite serializes writers, so concurrent clicks never overwrite each other.
const ADD_CLICK = 'UPDATE short_links SET clicks = clicks + 1 WHERE code = ?';
const SELECT_LINKS: Query<ShortLinkRow> = { sql: 'SELECT * FROM short_links' };

function toShortLink(row: ShortLinkRow): ShortLinkRecord {
  return {
    code: row.code,
    accountId: row.account_id,
    longUrl: row.long_url,
    createdAt: row.created_at,
    clicks: row.clicks,
  };
}

/** Short links (docs/internal-functions.md `shortURL`) in SQLite. */
export function createSqliteShortLinks(sql: SqliteConnection): ShortLinkStore {
  return {
    createShortLink: (link) =>
      settleSql(() => {
        sql.run(INSERT_LINK, link);
      }),

    findShortLink: (code) =>
      settleSql(() => {
        const row = sql.get(SELECT_BY_CODE, code);
        return row && toShortLink(row);
      }),

    recordClick: (code) =>
      settleSql(() => {
        sql.run(ADD_CLICK, code);
      }),

    listShortLinks: (accountId, page) =>
      settleSql(() => {
        const { size, params } = keysetParams(page);
        const conditions = ['account_id = @accountId'];
        const query = keysetQuery(SELECT_LINKS, conditions, 'desc', page, 'code');
        const rows = sql.all(query, { ...params, accountId }).map(toShortLink);
        return toPageBy(rows, size, (link) => ({ createdAt: link.createdAt, id: link.code }));
      }),
  };
}
