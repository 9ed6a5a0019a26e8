import { toPage } from '../common/cursor.js';
import { StorageError, type WebhookStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { settleSql } from './settle-sql.js';
import { toWebhook, UPSERT_WEBHOOK, webhookParams, type WebhookRow } from './webhook-rows.js';

const CLEAR_OTHER_DEFAULTS = `UPDATE webhooks SET is_default = 0
  WHERE account_id = ? AND id <> ? AND is_default = 1`;
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
