import { toPage } from '../common/cursor.js';
import { StorageError, type WebhookStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { settleSql } from './settle-sql.js';
import { toWebhook, webhookParams, type WebhookRow } from './webhook-rows.js';

const CLEAR_OTHER_DEFAULTS = `UPDATE webhooks SET is_default = 0
  WHERE account_id = ? AND id <> ? AND is_default = 1`;
// An upsert that never crosses accounts: the WHERE makes a foreign id change nothing.
const UPSERT_WEBHOOK = `INSERT INTO webhooks (id, account_id, name, url, method, auth, headers,
  body_type, is_default, signing_secrets, disabled_at, disabled_reason, failing_since,
  created_at, updated_at)
  VALUES (@id, @accountId, @name, @url, @method, @auth, @headers, @bodyType, @isDefault,
  @signingSecrets, @disabledAt, @disabledReason, @failingSince, @createdAt, @updatedAt)
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url,
    method = excluded.method, auth = excluded.auth, headers = excluded.headers,
    body_type = excluded.body_type, is_default = excluded.is_default,
    signing_secrets = excluded.signing_secrets, disabled_at = excluded.disabled_at,
    disabled_reason = excluded.disabled_reason, failing_since = excluded.failing_since,
    created_at = excluded.created_at, updated_at = excluded.updated_at
  WHERE webhooks.account_id = excluded.account_id`;
const SELECT_OWNED: Query<WebhookRow> = {
  sql: 'SELECT * FROM webhooks WHERE id = ? AND account_id = ?',
};
const SELECT_BY_NAME: Query<WebhookRow> = {
  sql: 'SELECT * FROM webhooks WHERE account_id = ? AND name = ?',
};
const SELECT_DEFAULT: Query<WebhookRow> = {
  sql: 'SELECT * FROM webhooks WHERE account_id = ? AND is_default = 1',
};
const SELECT_BY_ID: Query<WebhookRow> = { sql: 'SELECT * FROM webhooks WHERE id = ?' };
const SELECT_WEBHOOKS: Query<WebhookRow> = { sql: 'SELECT * FROM webhooks' };
const DELETE_WEBHOOK = 'DELETE FROM webhooks WHERE id = ? AND account_id = ?';
// The first cause stays on record; disabling again changes nothing.
const DISABLE = `UPDATE webhooks SET disabled_at = ?, disabled_reason = ?
  WHERE id = ? AND disabled_at IS NULL`;

/** Saved webhooks in SQLite. */
export function createSqliteWebhooks(sql: SqliteConnection): WebhookStore {
  const one = (query: Query<WebhookRow>, ...params: unknown[]) => {
    const row = sql.get(query, ...params);
    return row && toWebhook(row);
  };

  return {
    saveWebhook: (webhook) =>
      settleSql(() => {
        // docs/server.md: at most one default per account, cleared in the same transaction.
        sql.write(() => {
          if (webhook.isDefault) sql.run(CLEAR_OTHER_DEFAULTS, webhook.accountId, webhook.id);
          if (sql.run(UPSERT_WEBHOOK, webhookParams(webhook)) === 0) {
            throw new StorageError('CONFLICT', `webhook ${webhook.id} is another account's`);
          }
        });
      }),

    getWebhook: (accountId, webhookId) => settleSql(() => one(SELECT_OWNED, webhookId, accountId)),

    getWebhookByName: (accountId, name) => settleSql(() => one(SELECT_BY_NAME, accountId, name)),

    getDefaultWebhook: (accountId) => settleSql(() => one(SELECT_DEFAULT, accountId)),

    listWebhooks: (accountId, page) =>
      settleSql(() => {
        const { size, params } = keysetParams(page);
        const query = keysetQuery(SELECT_WEBHOOKS, ['account_id = @accountId'], 'asc', page);
        return toPage(sql.all(query, { ...params, accountId }).map(toWebhook), size);
      }),

    // Its deliveries stay as history; the dispatcher fails pending ones it cannot send.
    deleteWebhook: (accountId, webhookId) =>
      settleSql(() => sql.run(DELETE_WEBHOOK, webhookId, accountId) > 0),

    getWebhookById: (webhookId) => settleSql(() => one(SELECT_BY_ID, webhookId)),

    disableWebhook: (webhookId, reason, at) =>
      settleSql(() => {
        sql.run(DISABLE, at, reason, webhookId);
      }),
  };
}
