import type { TriggerRecord, TriggerStore } from '../ports.js';
import { toAccount, type AccountRow } from './account-rows.js';
import type { Query, SqliteConnection } from './connection.js';
import { settleSql } from './settle-sql.js';
import type { TriggerCache } from './trigger-cache.js';

interface TriggerRow {
  token_hash: string;
  account_id: string;
  flow_id: string;
  created_at: string;
  revoked_at: string | null;
}

const INSERT_TRIGGER = `INSERT INTO triggers (token_hash, account_id, flow_id, created_at,
  revoked_at) VALUES (@tokenHash, @accountId, @flowId, @createdAt, @revokedAt)`;
// One read for the hot path: the account's columns, the trigger's and the latest version.
type ResolvedRow = AccountRow &
  Pick<TriggerRow, 'token_hash' | 'flow_id' | 'revoked_at'> & {
    trigger_created_at: string;
    latest_version: number;
  };
const SELECT_RESOLVED: Query<ResolvedRow> = {
  sql: `SELECT a.*, t.token_hash, t.flow_id, t.revoked_at, t.created_at AS trigger_created_at,
      f.latest_version
    FROM triggers t
    JOIN accounts a ON a.id = t.account_id
    JOIN flows f ON f.id = t.flow_id AND f.account_id = t.account_id AND f.deleted_at IS NULL
    WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
};
const REVOKE = `UPDATE triggers SET revoked_at = ?
  WHERE account_id = ? AND flow_id = ? AND revoked_at IS NULL`;

function toTrigger(row: TriggerRow): TriggerRecord {
  return {
    tokenHash: row.token_hash,
    accountId: row.account_id,
    flowId: row.flow_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** Trigger URL tokens (by hash) in SQLite. */
export function createSqliteTriggers(sql: SqliteConnection, cache: TriggerCache): TriggerStore {
  return {
    saveTrigger: (trigger) =>
      settleSql(() => {
        sql.run(INSERT_TRIGGER, trigger);
      }),

    resolveTrigger: (tokenHash) =>
      settleSql(() =>
        cache.get(tokenHash, () => {
          const row = sql.get(SELECT_RESOLVED, tokenHash);
          if (!row) return undefined;
          return {
            trigger: toTrigger({ ...row, account_id: row.id, created_at: row.trigger_created_at }),
            account: toAccount(row),
            flowVersion: row.latest_version,
          };
        }),
      ),

    revokeTriggers: (accountId, flowId, revokedAt) =>
      settleSql(() => {
        cache.clear();
        return sql.run(REVOKE, revokedAt, accountId, flowId);
      }),
  };
}
