import type { AccountStore } from '../ports.js';
import {
  toAccount,
  toApiKey,
  toSession,
  type AccountRow,
  type ApiKeyRow,
  type SessionRow,
} from '../sqlite/account-rows.js';
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

const DROP_EXPIRED_SESSIONS = 'DELETE FROM sessions WHERE expires_at < $1';
const INSERT_SESSION = `INSERT INTO sessions (hash, account_id, key_id, created_at, expires_at)
  VALUES ($1, $2, $3, $4, $5)`;
const SELECT_LIVE_SESSION: Query<SessionRow> = {
  sql: `SELECT sessions.* FROM sessions JOIN api_keys ON api_keys.id = sessions.key_id
    WHERE sessions.hash = $1 AND api_keys.revoked_at IS NULL`,
};
const DELETE_SESSION = 'DELETE FROM sessions WHERE hash = $1';

/** Accounts, their API keys and designer sessions in PostgreSQL. */
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

    createSession: (session) =>
      db.transaction(async (tx) => {
        await tx.run(DROP_EXPIRED_SESSIONS, [session.createdAt]);
        const { hash, accountId, keyId, createdAt, expiresAt } = session;
        await tx.run(INSERT_SESSION, [hash, accountId, keyId, createdAt, expiresAt]);
      }),

    findSession: async (hash) => {
      const row = await db.get(SELECT_LIVE_SESSION, [hash]);
      return row && toSession(row);
    },

    deleteSession: async (hash) => {
      await db.run(DELETE_SESSION, [hash]);
    },
  };
}
