import type { TriggerRecord, TriggerStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { settleSql } from './settle-sql.js';

interface TriggerRow {
  token_hash: string;
  account_id: string;
  flow_id: string;
  created_at: string;
  revoked_at: string | null;
}

const INSERT_TRIGGER = `INSERT INTO triggers (token_hash, account_id, flow_id, created_at,
  revoked_at) VALUES (@tokenHash, @accountId, @flowId, @createdAt, @revokedAt)`;
const SELECT_LIVE: Query<TriggerRow> = {
  sql: 'SELECT * FROM triggers WHERE token_hash = ? AND revoked_at IS NULL',
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
export function createSqliteTriggers(sql: SqliteConnection): TriggerStore {
  return {
    saveTrigger: (trigger) =>
      settleSql(() => {
        sql.run(INSERT_TRIGGER, trigger);
      }),

    findTrigger: (tokenHash) =>
      settleSql(() => {
        const row = sql.get(SELECT_LIVE, tokenHash);
        return row && toTrigger(row);
      }),

    revokeTriggers: (accountId, flowId, revokedAt) =>
      settleSql(() => sql.run(REVOKE, revokedAt, accountId, flowId)),
  };
}
