import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, trigger } from './fixtures.js';

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
    it('saves and finds a trigger by token hash', async () => {
      const { triggers } = context.storage();
      await triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_1'));
      expect(await triggers.findTrigger('th_1')).toEqual(trigger('th_1', ACCOUNT_A, 'flow_1'));
      expect(await triggers.findTrigger('th_missing')).toBeUndefined();
      await expect(
        triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_2')),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it("revokes a flow's live triggers in its own account; revoked ones are not found", async () => {
      const { triggers } = context.storage();
      await triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_1'));
      await triggers.saveTrigger(trigger('th_2', ACCOUNT_A, 'flow_1'));
      await triggers.saveTrigger(trigger('th_3', ACCOUNT_A, 'flow_2'));
      await triggers.saveTrigger(trigger('th_4', ACCOUNT_B, 'flow_1'));
      expect(await triggers.revokeTriggers(ACCOUNT_B, 'flow_2', at(9))).toBe(0);
      expect(await triggers.revokeTriggers(ACCOUNT_A, 'flow_1', at(9))).toBe(2);
      expect(await triggers.findTrigger('th_1')).toBeUndefined();
      expect(await triggers.findTrigger('th_2')).toBeUndefined();
      expect(await triggers.findTrigger('th_3')).toBeDefined();
      expect(await triggers.findTrigger('th_4')).toBeDefined();
      expect(await triggers.revokeTriggers(ACCOUNT_A, 'flow_1', at(10))).toBe(0);
    });
  });
}
