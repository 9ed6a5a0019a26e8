import type { AccountStore } from '../ports.js';
import { toAccount, toApiKey, type AccountRow, type ApiKeyRow } from '../sqlite/account-rows.js';
import type { Db, Query } from './db.js';

const INSERT_ACCOUNT = `INSERT INTO accounts (id, name, settings, created_at)
  VALUES ($1, $2, $3, $4)`;
const SELECT_ACCOUNT: Query<AccountRow> = { sql: 'SELECT * FROM accounts WHERE id = $1' };
const SELECT_ACCOUNTS: Query<AccountRow> = {
  sql: 'SELECT * FROM accounts ORDER BY created_at, id',
};
const UPDATE_SETTINGS: Query<AccountRow> = {
  sql: 'UPDATE accounts SET settings = $1 WHERE id = $2 RETURNING *',
};
const INSERT_KEY = `INSERT INTO api_keys (id, account_id, prefix, hash, created_at, revoked_at)
  VALUES ($1, $2, $3, $4, $5, $6)`;
const SELECT_LIVE_KEY: Query<ApiKeyRow> = {
  sql: 'SELECT * FROM api_keys WHERE hash = $1 AND revoked_at IS NULL',
};
const SELECT_KEYS: Query<ApiKeyRow> = {
  sql: 'SELECT * FROM api_keys WHERE account_id = $1 ORDER BY created_at, id',
};
const REVOKE_KEY = `UPDATE api_keys SET revoked_at = $1
  WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL`;

/** Accounts and their API keys in PostgreSQL. */
export function createPostgresAccounts(db: Db): AccountStore {
  return {
    createAccount: async (account) => {
      const settings = JSON.stringify(account.settings);
      await db.run(INSERT_ACCOUNT, [account.id, account.name, settings, account.createdAt]);
    },

    getAccount: async (accountId) => {
      const row = await db.get(SELECT_ACCOUNT, [accountId]);
      return row && toAccount(row);
    },

    listAccounts: async () => (await db.all(SELECT_ACCOUNTS)).map(toAccount),

    updateAccountSettings: async (accountId, settings) => {
      const row = await db.get(UPDATE_SETTINGS, [JSON.stringify(settings), accountId]);
      return row && toAccount(row);
    },

    addApiKey: async (key) => {
      const { id, accountId, prefix, hash, createdAt, revokedAt } = key;
      await db.run(INSERT_KEY, [id, accountId, prefix, hash, createdAt, revokedAt]);
    },

    findApiKeyByHash: async (hash) => {
      const row = await db.get(SELECT_LIVE_KEY, [hash]);
      return row && toApiKey(row);
    },

    listApiKeys: async (accountId) => (await db.all(SELECT_KEYS, [accountId])).map(toApiKey),

    revokeApiKey: async (accountId, keyId, revokedAt) =>
      (await db.run(REVOKE_KEY, [revokedAt, keyId, accountId])) > 0,
  };
}
