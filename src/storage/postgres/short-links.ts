import { toPageBy } from '../common/cursor.js';
import type { ShortLinkRecord, ShortLinkStore } from '../ports.js';
import { keysetParams, keysetQuery } from '../sqlite/keyset.js';
import type { Db, Query } from './db.js';

/** `short_links` as stored. */
interface ShortLinkRow {
  code: string;
  account_id: string;
  long_url: string;
  created_at: string;
  clicks: number;
}

const INSERT_LINK = `INSERT INTO short_links (code, account_id, long_url, created_at, clicks)
  VALUES ($1, $2, $3, $4, $5)`;
const SELECT_BY_CODE: Query<ShortLinkRow> = {
  sql: 'SELECT * FROM short_links WHERE code = $1',
};
// One statement: the row lock makes concurrent clicks wait for each other, none is lost.
const ADD_CLICK = 'UPDATE short_links SET clicks = clicks + 1 WHERE code = $1';
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

/** Short links (`shortURL`, docs/internal-functions.md) in PostgreSQL. */
export function createPostgresShortLinks(db: Db): ShortLinkStore {
  return {
    createShortLink: async (link) => {
      const { code, accountId, longUrl, createdAt, clicks } = link;
      await db.run(INSERT_LINK, [code, accountId, longUrl, createdAt, clicks]);
    },

    findShortLink: async (code) => {
      const row = await db.get(SELECT_BY_CODE, [code]);
      return row && toShortLink(row);
    },

    recordClick: async (code) => {
      await db.run(ADD_CLICK, [code]);
    },

    listShortLinks: async (accountId, page) => {
      const { size, params } = keysetParams(page);
      const conditions = ['account_id = @accountId'];
      const query = keysetQuery(SELECT_LINKS, conditions, 'desc', page, 'code');
      const rows = (await db.all(query, { ...params, accountId })).map(toShortLink);
      return toPageBy(rows, size, (link) => ({ createdAt: link.createdAt, id: link.code }));
    },
  };
}
