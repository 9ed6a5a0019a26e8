import type { AccountStore } from '../ports.js';
import {
  toAccount,
  toApiKey,
  toSession,
  type AccountRow,
  type ApiKeyRow,
  type SessionRow,
} from './account-rows.js';
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

const DROP_EXPIRED_SESSIONS = 'DELETE FROM sessions WHERE expires_at < ?';
const INSERT_SESSION = `INSERT INTO sessions (hash, account_id, key_id, created_at, expires_at)
  VALUES (?, ?, ?, ?, ?)`;
const SELECT_LIVE_SESSION: Query<SessionRow> = {
  sql: `SELECT sessions.* FROM sessions JOIN api_keys ON api_keys.id = sessions.key_id
    WHERE sessions.hash = ? AND api_keys.revoked_at IS NULL`,
};
const DELETE_SESSION = 'DELETE FROM sessions WHERE hash = ?';

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

    createSession: (session) =>
      settleSql(() => {
        sql.write(() => {
          sql.run(DROP_EXPIRED_SESSIONS, session.createdAt);
          const { hash, accountId, keyId, createdAt, expiresAt } = session;
          sql.run(INSERT_SESSION, hash, accountId, keyId, createdAt, expiresAt);
        });
      }),

    findSession: (hash) =>
      settleSql(() => {
        const row = sql.get(SELECT_LIVE_SESSION, hash);
        return row && toSession(row);
      }),

    deleteSession: (hash) =>
      settleSql(() => {
        sql.run(DELETE_SESSION, hash);
      }),
  };
}
