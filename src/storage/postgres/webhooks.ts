import { toPage } from '../common/cursor.js';
import { StorageError, type WebhookStore } from '../ports.js';
import { keysetParams, keysetQuery } from '../sqlite/keyset.js';
import {
  toWebhook,
  UPSERT_WEBHOOK,
  webhookParams,
  type WebhookRow,
} from '../sqlite/webhook-rows.js';
import type { Db, Query } from './db.js';
import { LOCKS } from './locks.js';

/** Serializes one account's default changes across processes (one default per account). */
const LOCK_ACCOUNT_DEFAULT = 'SELECT pg_advisory_xact_lock($1, hashtext($2))';
const CLEAR_OTHER_DEFAULTS = `UPDATE webhooks SET is_default = 0
  WHERE account_id = $1 AND id <> $2 AND is_default = 1`;
const SELECT_OWNED: Query<WebhookRow> = {
  sql: 'SELECT * FROM webhooks WHERE id = $1 AND account_id = $2',
};
const SELECT_BY_NAME: Query<WebhookRow> = {
  sql: 'SELECT * FROM webhooks WHERE account_id = $1 AND name = $2',
};
const SELECT_DEFAULT: Query<WebhookRow> = {
  sql: 'SELECT * FROM webhooks WHERE account_id = $1 AND is_default = 1',
};
const SELECT_BY_ID: Query<WebhookRow> = { sql: 'SELECT * FROM webhooks WHERE id = $1' };
const SELECT_WEBHOOKS: Query<WebhookRow> = { sql: 'SELECT * FROM webhooks' };
const DELETE_WEBHOOK = 'DELETE FROM webhooks WHERE id = $1 AND account_id = $2';
// The first cause stays on record; disabling again changes nothing.
const DISABLE = `UPDATE webhooks SET disabled_at = $1, disabled_reason = $2
  WHERE id = $3 AND disabled_at IS NULL`;

/** Saved webhooks in PostgreSQL. */
export function createPostgresWebhooks(db: Db): WebhookStore {
  const one = async (query: Query<WebhookRow>, params: unknown[]) => {
    const row = await db.get(query, params);
    return row && toWebhook(row);
  };

  return {
    saveWebhook: (webhook) =>
      // At most one default per account, cleared in the same transaction.
      db.transaction(async (tx) => {
        if (webhook.isDefault) {
          await tx.run(LOCK_ACCOUNT_DEFAULT, [LOCKS.accountDefaultWebhook, webhook.accountId]);
          await tx.run(CLEAR_OTHER_DEFAULTS, [webhook.accountId, webhook.id]);
        }
        if ((await tx.run(UPSERT_WEBHOOK, webhookParams(webhook))) === 0) {
          throw new StorageError('CONFLICT', `webhook ${webhook.id} is another account's`);
        }
      }),

    getWebhook: (accountId, webhookId) => one(SELECT_OWNED, [webhookId, accountId]),

    getWebhookByName: (accountId, name) => one(SELECT_BY_NAME, [accountId, name]),

    getDefaultWebhook: (accountId) => one(SELECT_DEFAULT, [accountId]),

    listWebhooks: async (accountId, page) => {
      const { size, params } = keysetParams(page);
      const query = keysetQuery(SELECT_WEBHOOKS, ['account_id = @accountId'], 'asc', page);
      return toPage((await db.all(query, { ...params, accountId })).map(toWebhook), size);
    },

    // Its deliveries stay as history; the dispatcher fails pending ones it cannot send.
    deleteWebhook: async (accountId, webhookId) =>
      (await db.run(DELETE_WEBHOOK, [webhookId, accountId])) > 0,

    getWebhookById: (webhookId) => one(SELECT_BY_ID, [webhookId]),

    disableWebhook: async (webhookId, reason, at) => {
      await db.run(DISABLE, [at, reason, webhookId]);
    },
  };
}
