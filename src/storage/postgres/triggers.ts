import type { TriggerRecord, TriggerStore } from '../ports.js';
import { toAccount, type AccountRow } from '../sqlite/account-rows.js';
import type { Db, Query } from './db.js';

const INSERT_TRIGGER = `INSERT INTO triggers (token_hash, account_id, flow_id, created_at,
  revoked_at) VALUES ($1, $2, $3, $4, $5)`;
// One read for the hot path: the account's columns, the trigger's and the latest version.
type ResolvedRow = AccountRow & {
  flow_id: string;
  trigger_created_at: string;
  latest_version: number;
};
const SELECT_RESOLVED: Query<ResolvedRow> = {
  sql: `SELECT a.*, t.flow_id, t.created_at AS trigger_created_at, f.latest_version
    FROM triggers t
    JOIN accounts a ON a.id = t.account_id
    JOIN flows f ON f.id = t.flow_id AND f.account_id = t.account_id AND f.deleted_at IS NULL
    WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
};
const REVOKE = `UPDATE triggers SET revoked_at = $1
  WHERE account_id = $2 AND flow_id = $3 AND revoked_at IS NULL`;

/**
 * Trigger URL tokens (by hash) in PostgreSQL. Unlike the SQLite adapter, resolutions are not
 * cached: another process's revocation is seen by the very next call.
 */
export function createPostgresTriggers(db: Db): TriggerStore {
  return {
    saveTrigger: async (trigger) => {
      const { tokenHash, accountId, flowId, createdAt, revokedAt } = trigger;
      await db.run(INSERT_TRIGGER, [tokenHash, accountId, flowId, createdAt, revokedAt]);
    },

    resolveTrigger: async (tokenHash) => {
      const row = await db.get(SELECT_RESOLVED, [tokenHash]);
      if (!row) return undefined;
      const trigger: TriggerRecord = {
        tokenHash,
        accountId: row.id,
        flowId: row.flow_id,
        createdAt: row.trigger_created_at,
        revokedAt: null,
      };
      return { trigger, account: toAccount(row), flowVersion: row.latest_version };
    },

    revokeTriggers: (accountId, flowId, revokedAt) =>
      db.run(REVOKE, [revokedAt, accountId, flowId]),
  };
}
