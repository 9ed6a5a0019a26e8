import type { AccountStore } from '../ports.js';
import { toAccount, toApiKey, type AccountRow, type ApiKeyRow } from './account-rows.js';
import type { Query, SqliteConnection } from './connection.js';
import type { TriggerCache } from './trigger-cache.js';
import { settleSql } from './settle-sql.js';

const INSERT_ACCOUNT = 'INSERT INTO accounts (id, name, settings, created_at) VALUES (?, ?, ?, ?)';
const SELECT_ACCOUNT: Query<AccountRow> = { sql: 'SELECT * FROM accounts WHERE id = ?' };
const SELECT_ACCOUNTS: Query<AccountRow> = {
  sql: 'SELECT * FROM accounts ORDER BY created_at, id',
};
const UPDATE_SETTINGS = 'UPDATE accounts SET settings = ? WHERE id = ?';
const INSERT_KEY = `INSERT INTO api_keys (id, account_id, prefix, hash, created_at, revoked_at)
  VALUES (?, ?, ?, ?, ?, ?)`;
const SELECT_LIVE_KEY: Query<ApiKeyRow> = {
  sql: 'SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL',
};
const SELECT_KEYS: Query<ApiKeyRow> = {
  sql: 'SELECT * FROM api_keys WHERE account_id = ? ORDER BY created_at, id',
};
const REVOKE_KEY = `UPDATE api_keys SET revoked_at = ?
  WHERE id = ? AND account_id = ? AND revoked_at IS NULL`;

/**
 * Accounts and their API keys in SQLite. `resolved`: cached trigger resolutions, which
 * hold account settings.
 */
export function createSqliteAccounts(
  sql: SqliteConnection,
  resolved: Pick<TriggerCache, 'clear'>,
): AccountStore {
  const read = (accountId: string) => {
    const row = sql.get(SELECT_ACCOUNT, accountId);
    return row && toAccount(row);
  };
  return {
    createAccount: (account) =>
      settleSql(() => {
        const settings = JSON.stringify(account.settings);
        sql.run(INSERT_ACCOUNT, account.id, account.name, settings, account.createdAt);
      }),

    getAccount: (accountId) => settleSql(() => read(accountId)),

    listAccounts: () => settleSql(() => sql.all(SELECT_ACCOUNTS).map(toAccount)),

    updateAccountSettings: (accountId, settings) =>
      settleSql(() => {
        const changed = sql.run(UPDATE_SETTINGS, JSON.stringify(settings), accountId);
        resolved.clear();
        return changed === 0 ? undefined : read(accountId);
      }),

    addApiKey: (key) =>
      settleSql(() => {
        sql.run(
          INSERT_KEY,
          key.id,
          key.accountId,
          key.prefix,
          key.hash,
          key.createdAt,
          key.revokedAt,
        );
      }),

    findApiKeyByHash: (hash) =>
      settleSql(() => {
        const row = sql.get(SELECT_LIVE_KEY, hash);
        return row && toApiKey(row);
      }),

    listApiKeys: (accountId) => settleSql(() => sql.all(SELECT_KEYS, accountId).map(toApiKey)),

    revokeApiKey: (accountId, keyId, revokedAt) =>
      settleSql(() => sql.run(REVOKE_KEY, revokedAt, keyId, accountId) > 0),
  };
}
