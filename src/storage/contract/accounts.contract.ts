import { describe, expect, it } from 'vitest';
import { StorageError } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, account, apiKey, at } from './fixtures.js';

export function describeAccountContract(context: ContractContext): void {
  describe('accounts', () => {
    it('creates and reads an account; unknown ids are not found', async () => {
      const { accounts } = context.storage();
      await accounts.createAccount(account(ACCOUNT_A));
      expect(await accounts.getAccount(ACCOUNT_A)).toEqual(account(ACCOUNT_A));
      expect(await accounts.getAccount('acct_missing')).toBeUndefined();
    });

    it('lists every account, oldest first', async () => {
      const { accounts } = context.storage();
      expect(await accounts.listAccounts()).toEqual([]);
      await accounts.createAccount(account(ACCOUNT_B, { createdAt: at(2) }));
      await accounts.createAccount(account(ACCOUNT_A, { createdAt: at(1) }));
      expect((await accounts.listAccounts()).map((a) => a.id)).toEqual([ACCOUNT_A, ACCOUNT_B]);
      expect(await accounts.listAccounts()).toContainEqual(
        account(ACCOUNT_A, { createdAt: at(1) }),
      );
    });

    it('refuses a second account with the same id', async () => {
      const { accounts } = context.storage();
      await accounts.createAccount(account(ACCOUNT_A));
      await expect(accounts.createAccount(account(ACCOUNT_A))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(accounts.createAccount(account(ACCOUNT_A))).rejects.toBeInstanceOf(StorageError);
    });

    it('updates settings and returns the updated account', async () => {
      const { accounts } = context.storage();
      await accounts.createAccount(account(ACCOUNT_A));
      const settings = { allowPlainHttp: true, apiIpAllowList: ['10.0.0.0/8'] };
      const updated = await accounts.updateAccountSettings(ACCOUNT_A, settings);
      expect(updated).toEqual(account(ACCOUNT_A, { settings }));
      expect(await accounts.getAccount(ACCOUNT_A)).toEqual(updated);
      expect(await accounts.updateAccountSettings('acct_missing', settings)).toBeUndefined();
      // docs/voice.md: the sealed voice auth token is kept with the settings, and removed.
      const voice = { ...settings, voiceAuthToken: 'v1:sealed' };
      expect(await accounts.updateAccountSettings(ACCOUNT_A, voice)).toEqual(
        account(ACCOUNT_A, { settings: voice }),
      );
      expect((await accounts.getAccount(ACCOUNT_A))?.settings).toEqual(voice);
      await accounts.updateAccountSettings(ACCOUNT_A, settings);
      expect((await accounts.getAccount(ACCOUNT_A))?.settings).toEqual(settings);
    });

    it('hands out copies (or frozen rows): callers cannot change stored state', async () => {
      const { accounts } = context.storage();
      const input = account(ACCOUNT_A);
      await accounts.createAccount(input);
      input.settings.apiIpAllowList.push('1.2.3.4/32');
      const read = await accounts.getAccount(ACCOUNT_A);
      // A cache's shared rows are frozen (src/storage/cache/): changing one throws.
      const list = read?.settings.apiIpAllowList;
      if (list && !Object.isFrozen(list)) list.push('5.6.7.8/32');
      expect((await accounts.getAccount(ACCOUNT_A))?.settings.apiIpAllowList).toEqual([]);
    });
  });

  describe('API keys', () => {
    async function seed(): Promise<void> {
      const { accounts } = context.storage();
      await accounts.createAccount(account(ACCOUNT_A));
      await accounts.createAccount(account(ACCOUNT_B));
      await accounts.addApiKey(apiKey('key_a1', ACCOUNT_A, 'hash_a1'));
      await accounts.addApiKey({ ...apiKey('key_a2', ACCOUNT_A, 'hash_a2'), createdAt: at(2) });
      await accounts.addApiKey(apiKey('key_b1', ACCOUNT_B, 'hash_b1'));
    }

    it('finds a live key by its hash', async () => {
      await seed();
      const { accounts } = context.storage();
      expect(await accounts.findApiKeyByHash('hash_a1')).toEqual(
        apiKey('key_a1', ACCOUNT_A, 'hash_a1'),
      );
      expect(await accounts.findApiKeyByHash('hash_unknown')).toBeUndefined();
    });

    it('lists only the account keys, oldest first', async () => {
      await seed();
      const { accounts } = context.storage();
      const ids = (await accounts.listApiKeys(ACCOUNT_A)).map((k) => k.id);
      expect(ids).toEqual(['key_a1', 'key_a2']);
      expect(await accounts.listApiKeys('acct_missing')).toEqual([]);
    });

    it('revokes a key: no longer found, still listed, not revoked twice', async () => {
      await seed();
      const { accounts } = context.storage();
      expect(await accounts.revokeApiKey(ACCOUNT_A, 'key_a1', at(9))).toBe(true);
      expect(await accounts.findApiKeyByHash('hash_a1')).toBeUndefined();
      const listed = await accounts.listApiKeys(ACCOUNT_A);
      expect(listed.find((k) => k.id === 'key_a1')?.revokedAt).toBe(at(9));
      expect(await accounts.revokeApiKey(ACCOUNT_A, 'key_a1', at(10))).toBe(false);
      expect(await accounts.findApiKeyByHash('hash_a2')).toBeDefined();
    });

    it("cannot revoke another account's key", async () => {
      await seed();
      const { accounts } = context.storage();
      expect(await accounts.revokeApiKey(ACCOUNT_A, 'key_b1', at(9))).toBe(false);
      expect(await accounts.findApiKeyByHash('hash_b1')).toBeDefined();
      expect(await accounts.revokeApiKey(ACCOUNT_A, 'key_missing', at(9))).toBe(false);
    });

    it('refuses a key for an account that does not exist', async () => {
      const { accounts } = context.storage();
      await expect(accounts.addApiKey(apiKey('key_x', 'acct_missing', 'hash_x'))).rejects.toThrow();
      expect(await accounts.findApiKeyByHash('hash_x')).toBeUndefined();
    });

    it('refuses a duplicate key id or hash', async () => {
      await seed();
      const { accounts } = context.storage();
      await expect(
        accounts.addApiKey(apiKey('key_a1', ACCOUNT_A, 'hash_other')),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        accounts.addApiKey(apiKey('key_other', ACCOUNT_A, 'hash_a1')),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('keeps sessions while their key is live, drops expired ones on the next sign-in', async () => {
      const { accounts } = context.storage();
      await accounts.createAccount(account(ACCOUNT_A));
      await accounts.addApiKey(apiKey('key_1', ACCOUNT_A, 'hash_k1'));
      const session = {
        hash: 's1',
        accountId: ACCOUNT_A,
        keyId: 'key_1',
        createdAt: at(1),
        expiresAt: at(5),
      };
      await accounts.createSession(session);
      expect(await accounts.findSession('s1')).toEqual(session);
      expect(await accounts.findSession('s_missing')).toBeUndefined();
      await accounts.createSession({ ...session, hash: 's2', createdAt: at(9), expiresAt: at(20) });
      expect(await accounts.findSession('s1')).toBeUndefined();
      await accounts.deleteSession('s2');
      expect(await accounts.findSession('s2')).toBeUndefined();
      await accounts.createSession({ ...session, hash: 's3', createdAt: at(9), expiresAt: at(20) });
      await accounts.revokeApiKey(ACCOUNT_A, 'key_1', at(10));
      expect(await accounts.findSession('s3')).toBeUndefined();
    });
  });
}
