import type { SavedWebhook, SigningSecret } from '../ports.js';

/** `webhooks` as stored. */
export interface WebhookRow {
  id: string;
  account_id: string;
  name: string;
  url: string;
  method: string;
  auth: string;
  headers: string;
  body_type: string;
  is_default: number;
  signing_secrets: string;
  disabled_at: string | null;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

/** The bound values of the webhook upsert. */
export function webhookParams(webhook: SavedWebhook): Record<string, unknown> {
  return {
    ...webhook,
    auth: JSON.stringify(webhook.auth),
    headers: JSON.stringify(webhook.headers),
    isDefault: webhook.isDefault ? 1 : 0,
    signingSecrets: JSON.stringify(webhook.signingSecrets),
  };
}

export function toWebhook(row: WebhookRow): SavedWebhook {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    url: row.url,
    method: row.method,
    auth: JSON.parse(row.auth) as Record<string, unknown>,
    headers: JSON.parse(row.headers) as SavedWebhook['headers'],
    bodyType: row.body_type,
    isDefault: row.is_default === 1,
    signingSecrets: JSON.parse(row.signing_secrets) as SigningSecret[],
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Saves a webhook of its own account (SQLite and PostgreSQL alike, named parameters). */
export // An upsert that never crosses accounts: the WHERE makes a foreign id change nothing.
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
