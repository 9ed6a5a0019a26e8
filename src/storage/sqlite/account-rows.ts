import type { Account, AccountSettings, ApiKeyRecord, SessionRecord } from '../ports.js';

/** `accounts` as stored. */
export interface AccountRow {
  id: string;
  name: string;
  settings: string;
  created_at: string;
}

/** `api_keys` as stored. */
export interface ApiKeyRow {
  id: string;
  account_id: string;
  prefix: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings) as AccountSettings,
    createdAt: row.created_at,
  };
}

export function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    prefix: row.prefix,
    hash: row.hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** `sessions` as stored. */
export interface SessionRow {
  hash: string;
  account_id: string;
  key_id: string;
  created_at: string;
  expires_at: string;
}

export function toSession(row: SessionRow): SessionRecord {
  return {
    hash: row.hash,
    accountId: row.account_id,
    keyId: row.key_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
