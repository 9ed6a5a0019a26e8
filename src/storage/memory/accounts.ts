import { settle } from '../common/settle.js';
import type { AccountStore } from '../ports.js';
import { compareKeys } from './paginate.js';
import { conflict, copy, type MemoryState } from './state.js';

/** Accounts and their API keys, in memory. */
export function createMemoryAccounts(state: MemoryState): AccountStore {
  return {
    createAccount: (account) =>
      settle(() => {
        if (state.accounts.has(account.id)) throw conflict(`account ${account.id}`);
        state.accounts.set(account.id, copy(account));
      }),

    getAccount: (accountId) => settle(() => copy(state.accounts.get(accountId))),

    listAccounts: () => settle(() => copy([...state.accounts.values()].sort(compareKeys))),

    updateAccountSettings: (accountId, settings) =>
      settle(() => {
        const account = state.accounts.get(accountId);
        if (!account) return undefined;
        account.settings = copy(settings);
        return copy(account);
      }),

    addApiKey: (key) =>
      settle(() => {
        // Mirrors the SQL foreign key: a key always belongs to an existing account.
        if (!state.accounts.has(key.accountId)) throw new Error(`no account ${key.accountId}`);
        const keys = [...state.apiKeys.values()];
        if (keys.some((k) => k.id === key.id || k.hash === key.hash)) {
          throw conflict(`API key ${key.id}`);
        }
        state.apiKeys.set(key.id, copy(key));
      }),

    findApiKeyByHash: (hash) =>
      settle(() =>
        copy([...state.apiKeys.values()].find((k) => k.hash === hash && k.revokedAt === null)),
      ),

    listApiKeys: (accountId) =>
      settle(() =>
        copy(
          [...state.apiKeys.values()].filter((k) => k.accountId === accountId).sort(compareKeys),
        ),
      ),

    revokeApiKey: (accountId, keyId, revokedAt) =>
      settle(() => {
        const key = state.apiKeys.get(keyId);
        if (key?.accountId !== accountId || key.revokedAt !== null) return false;
        key.revokedAt = revokedAt;
        return true;
      }),

    createSession: (session) =>
      settle(() => {
        for (const [hash, old] of state.sessions) {
          if (old.expiresAt < session.createdAt) state.sessions.delete(hash);
        }
        if (!state.apiKeys.has(session.keyId)) throw new Error(`no API key ${session.keyId}`);
        if (state.sessions.has(session.hash)) throw conflict('session');
        state.sessions.set(session.hash, copy(session));
      }),

    findSession: (hash) =>
      settle(() => {
        const session = state.sessions.get(hash);
        const key = session && state.apiKeys.get(session.keyId);
        return key?.revokedAt === null ? copy(session) : undefined;
      }),

    deleteSession: (hash) =>
      settle(() => {
        state.sessions.delete(hash);
      }),
  };
}
