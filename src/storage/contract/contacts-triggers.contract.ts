import { describe, expect, it } from 'vitest';
import type { Storage } from '../ports.js';
import type { ContractContext } from './context.js';
import { account, ACCOUNT_A, ACCOUNT_B, at, flow, flowDocument, trigger } from './fixtures.js';

export function describeContactAndTriggerContract(context: ContractContext): void {
  describe('contacts', () => {
    it('has no variables for an unknown contact', async () => {
      const { contacts } = context.storage();
      expect(await contacts.getContactVariables(ACCOUNT_A, '+15550001')).toEqual({});
    });

    it('sets and replaces a contact variables, per account', async () => {
      const { contacts } = context.storage();
      await contacts.setContactVariables(ACCOUNT_A, '+15550001', {
        '$user.key.language': 'en',
        '$user.key.vip': true,
      });
      await contacts.setContactVariables(ACCOUNT_A, '+15550001', {
        '$user.key.language': 'fr',
        '$user.key.visits': 3,
        '$user.key.note': null,
      });
      expect(await contacts.getContactVariables(ACCOUNT_A, '+15550001')).toEqual({
        '$user.key.language': 'fr',
        '$user.key.visits': 3,
        '$user.key.note': null,
      });
      expect(await contacts.getContactVariables(ACCOUNT_B, '+15550001')).toEqual({});
      expect(await contacts.getContactVariables(ACCOUNT_A, '+15550002')).toEqual({});
    });

    it('hands out copies', async () => {
      const { contacts } = context.storage();
      const input = { '$user.key.language': 'en' };
      await contacts.setContactVariables(ACCOUNT_A, '+1', input);
      input['$user.key.language'] = 'de';
      const read = await contacts.getContactVariables(ACCOUNT_A, '+1');
      read['$user.key.evil'] = 'x';
      expect(await contacts.getContactVariables(ACCOUNT_A, '+1')).toEqual({
        '$user.key.language': 'en',
      });
    });
  });

  describe('triggers', () => {
    // A trigger resolves only with its account and its flow in place.
    const withFlows = async (storage: Storage): Promise<void> => {
      await storage.accounts.createAccount(account(ACCOUNT_A));
      await storage.accounts.createAccount(account(ACCOUNT_B));
      await storage.flows.createFlow(flow('flow_1', ACCOUNT_A));
      await storage.flows.createFlow(flow('flow_2', ACCOUNT_A));
      await storage.flows.createFlow(flow('flow_b', ACCOUNT_B));
    };

    it('saves and resolves a trigger by token hash, with its account and latest version', async () => {
      const storage = context.storage();
      const { triggers } = storage;
      await withFlows(storage);
      await triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_1'));
      expect(await triggers.resolveTrigger('th_1')).toEqual({
        trigger: trigger('th_1', ACCOUNT_A, 'flow_1'),
        account: account(ACCOUNT_A),
        flowVersion: 1,
      });
      await storage.flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_1',
        document: flowDocument('v2'),
        createdAt: at(20),
      });
      expect((await triggers.resolveTrigger('th_1'))?.flowVersion).toBe(2);
      const settings = { allowPlainHttp: true, apiIpAllowList: ['10.0.0.0/8'] };
      await storage.accounts.updateAccountSettings(ACCOUNT_A, settings);
      expect((await triggers.resolveTrigger('th_1'))?.account.settings).toEqual(settings);
      expect(await triggers.resolveTrigger('th_missing')).toBeUndefined();
      await expect(
        triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_2')),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it("does not resolve a trigger whose flow is deleted, missing or another account's", async () => {
      const storage = context.storage();
      const { triggers } = storage;
      await withFlows(storage);
      await triggers.saveTrigger(trigger('th_deleted', ACCOUNT_A, 'flow_2'));
      await triggers.saveTrigger(trigger('th_missing', ACCOUNT_A, 'flow_none'));
      await triggers.saveTrigger(trigger('th_foreign', ACCOUNT_A, 'flow_b'));
      await triggers.saveTrigger(trigger('th_no_account', 'acct_none', 'flow_1'));
      expect(await triggers.resolveTrigger('th_deleted')).toBeDefined();
      await storage.flows.deleteFlow(ACCOUNT_A, 'flow_2', at(30));
      for (const hash of ['th_deleted', 'th_missing', 'th_foreign', 'th_no_account']) {
        expect(await triggers.resolveTrigger(hash)).toBeUndefined();
      }
    });

    it("revokes a flow's live triggers in its own account; revoked ones do not resolve", async () => {
      const storage = context.storage();
      const { triggers } = storage;
      await withFlows(storage);
      await triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_1'));
      await triggers.saveTrigger(trigger('th_2', ACCOUNT_A, 'flow_1'));
      await triggers.saveTrigger(trigger('th_3', ACCOUNT_A, 'flow_2'));
      await triggers.saveTrigger(trigger('th_4', ACCOUNT_B, 'flow_b'));
      expect(await triggers.resolveTrigger('th_1')).toBeDefined();
      expect(await triggers.revokeTriggers(ACCOUNT_B, 'flow_2', at(9))).toBe(0);
      expect(await triggers.revokeTriggers(ACCOUNT_A, 'flow_1', at(9))).toBe(2);
      expect(await triggers.resolveTrigger('th_1')).toBeUndefined();
      expect(await triggers.resolveTrigger('th_2')).toBeUndefined();
      expect(await triggers.resolveTrigger('th_3')).toBeDefined();
      expect(await triggers.resolveTrigger('th_4')).toBeDefined();
      expect(await triggers.revokeTriggers(ACCOUNT_A, 'flow_1', at(10))).toBe(0);
    });
  });
}
