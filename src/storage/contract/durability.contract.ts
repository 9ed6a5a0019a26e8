import { describe, expect, it } from 'vitest';
import type { Storage } from '../ports.js';
import type { ContractContext } from './context.js';
import {
  ACCOUNT_A,
  account,
  apiKey,
  at,
  attempt,
  delivery,
  execution,
  flow,
  flowDocument,
  trigger,
  webhook,
} from './fixtures.js';

/** Writes one of everything. */
async function writeEverything(storage: Storage): Promise<void> {
  await storage.accounts.createAccount(account(ACCOUNT_A));
  await storage.accounts.addApiKey(apiKey('key_1', ACCOUNT_A, 'hash_1'));
  await storage.flows.createFlow(flow('flow_1', ACCOUNT_A));
  await storage.flows.addFlowVersion({
    accountId: ACCOUNT_A,
    id: 'flow_1',
    document: flowDocument('Two'),
    createdAt: at(11),
  });
  await storage.executions.createExecution(execution('ex_1', ACCOUNT_A));
  await storage.executions.finishExecution(
    execution('ex_1', ACCOUNT_A, { status: 'completed', endReason: 'end', endTime: at(30) }),
    [delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' })],
  );
  await storage.deliveries.recordAttempt({
    attempt: attempt('dl_1', 1),
    status: 'pending',
    nextAttemptAt: at(400),
  });
  await storage.webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A, { isDefault: true }));
  await storage.contacts.setContactVariables(ACCOUNT_A, '+1', { '$user.key.x': 'y' });
  await storage.triggers.saveTrigger(trigger('th_1', ACCOUNT_A, 'flow_1'));
}

export function describeDurabilityContract(context: ContractContext): void {
  describe('durability', () => {
    it('keeps everything across closing and reopening', async ({ skip }) => {
      const reopen = context.reopen();
      if (!reopen) {
        skip('this adapter keeps nothing after close');
        return;
      }
      const storage = context.storage();
      await writeEverything(storage);
      await storage.close();

      const again = await reopen();
      expect((await again.accounts.findApiKeyByHash('hash_1'))?.id).toBe('key_1');
      expect((await again.flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(2);
      expect(await again.executions.getExecution(ACCOUNT_A, 'ex_1')).toMatchObject({
        status: 'completed',
        endReason: 'end',
      });
      expect(await again.deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        attemptCount: 1,
        nextAttemptAt: at(400),
      });
      expect(await again.deliveries.listAttempts('dl_1')).toEqual([attempt('dl_1', 1)]);
      expect((await again.webhooks.getDefaultWebhook(ACCOUNT_A))?.id).toBe('wh_1');
      expect(await again.contacts.getContactVariables(ACCOUNT_A, '+1')).toEqual({
        '$user.key.x': 'y',
      });
      expect((await again.triggers.resolveTrigger('th_1'))?.trigger.flowId).toBe('flow_1');
    });

    it('closes more than once without error', async () => {
      const storage = context.storage();
      await storage.close();
      await storage.close();
    });
  });
}
