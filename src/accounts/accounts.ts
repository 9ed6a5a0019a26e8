import type { Account, AccountStore, ApiKeyRecord } from '../storage/ports.js';
import { generateApiKey, hashToken, keyPrefix } from './api-keys.js';
import { newId } from './ids.js';

export interface CreatedAccount {
  account: Account;
  /** The API key in clear: shown once, never stored. */
  apiKey: string;
}

/** Creates an account with secure defaults (HTTPS-only webhooks, any API address) and a first key. */
export async function createAccount(
  accounts: AccountStore,
  name: string,
  now: Date,
): Promise<CreatedAccount> {
  const account: Account = {
    id: newId('acct'),
    name,
    settings: { allowPlainHttp: false, apiIpAllowList: [] },
    createdAt: now.toISOString(),
  };
  await accounts.createAccount(account);
  const { apiKey } = await addApiKey(accounts, account.id, now);
  return { account, apiKey };
}

/** Adds a key to an account; the clear key is returned once. */
export async function addApiKey(
  accounts: AccountStore,
  accountId: string,
  now: Date,
): Promise<{ record: ApiKeyRecord; apiKey: string }> {
  const apiKey = generateApiKey();
  const record: ApiKeyRecord = {
    id: newId('key'),
    accountId,
    prefix: keyPrefix(apiKey),
    hash: hashToken(apiKey),
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await accounts.addApiKey(record);
  return { record, apiKey };
}

/** The account a bearer key belongs to, or undefined for an unknown or revoked key. */
export async function authenticate(
  accounts: AccountStore,
  apiKey: string,
): Promise<Account | undefined> {
  const record = await accounts.findApiKeyByHash(hashToken(apiKey));
  return record ? accounts.getAccount(record.accountId) : undefined;
}
