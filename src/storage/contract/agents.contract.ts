import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, collectPages, delivery } from './fixtures.js';
import { agent } from './function-fixtures.js';

/** The `agent.paused` delivery a break change causes. */
function pausedEvent(id: string) {
  return delivery(id, ACCOUNT_A, { eventType: 'agent.paused', createdAt: at(70) });
}

export function describeAgentContract(context: ContractContext): void {
  describe('agents (docs/internal-functions.md directDialPause)', () => {
    it('creates and reads an agent, only in its own account', async () => {
      const { agents } = context.storage();
      await agents.createAgent(agent('ag_1', ACCOUNT_A));
      await agents.createAgent(agent('ag_2', ACCOUNT_A, { extension: null }));
      expect(await agents.getAgent(ACCOUNT_A, 'ag_1')).toEqual(agent('ag_1', ACCOUNT_A));
      expect(await agents.getAgent(ACCOUNT_A, 'ag_2')).toEqual(
        agent('ag_2', ACCOUNT_A, { extension: null }),
      );
      expect(await agents.getAgent(ACCOUNT_B, 'ag_1')).toBeUndefined();
      expect(await agents.getAgent(ACCOUNT_A, 'ag_missing')).toBeUndefined();
      expect(await agents.listAgents(ACCOUNT_B, { limit: 10 })).toEqual({ items: [] });
    });

    it('refuses a duplicate id, also from another account', async () => {
      const { agents } = context.storage();
      await agents.createAgent(agent('ag_1', ACCOUNT_A));
      await expect(agents.createAgent(agent('ag_1', ACCOUNT_A))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(agents.createAgent(agent('ag_1', ACCOUNT_B))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await agents.getAgent(ACCOUNT_B, 'ag_1')).toBeUndefined();
    });

    it('lists oldest first, ties by id, across pages', async () => {
      const { agents } = context.storage();
      const created: Array<[string, number]> = [
        ['ag_c', 2],
        ['ag_a', 1],
        ['ag_e', 3],
        ['ag_b', 2],
        ['ag_d', 3],
      ];
      for (const [id, second] of created) {
        await agents.createAgent(agent(id, ACCOUNT_A, { createdAt: at(second) }));
      }
      await agents.createAgent(agent('ag_other', ACCOUNT_B, { createdAt: at(1) }));
      const all = await collectPages((cursor) =>
        agents.listAgents(ACCOUNT_A, cursor === undefined ? { limit: 2 } : { limit: 2, cursor }),
      );
      expect(all.pages).toBe(3);
      expect(all.items.map((a) => a.id)).toEqual(['ag_a', 'ag_b', 'ag_c', 'ag_d', 'ag_e']);
      await expect(
        agents.listAgents(ACCOUNT_A, { limit: 2, cursor: 'not a cursor' }),
      ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it('sets the break status and stores its deliveries together', async () => {
      const { agents, deliveries } = context.storage();
      await agents.createAgent(agent('ag_1', ACCOUNT_A));
      const paused = await agents.setAgentBreak(ACCOUNT_A, 'ag_1', true, at(70), [
        pausedEvent('dl_1'),
      ]);
      const expected = agent('ag_1', ACCOUNT_A, {
        onBreak: true,
        breakChangedAt: at(70),
        updatedAt: at(70),
      });
      expect(paused).toEqual(expected);
      expect(await agents.getAgent(ACCOUNT_A, 'ag_1')).toEqual(expected);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toEqual(pausedEvent('dl_1'));

      const resumed = await agents.setAgentBreak(ACCOUNT_A, 'ag_1', false, at(80), []);
      expect(resumed).toMatchObject({ onBreak: false, breakChangedAt: at(80), updatedAt: at(80) });
      expect(await deliveries.countPendingDeliveries()).toBe(1);
    });

    it("neither changes another account's agent nor stores its deliveries", async () => {
      const { agents, deliveries } = context.storage();
      await agents.createAgent(agent('ag_1', ACCOUNT_A));
      expect(
        await agents.setAgentBreak(ACCOUNT_B, 'ag_1', true, at(70), [pausedEvent('dl_1')]),
      ).toBeUndefined();
      expect(
        await agents.setAgentBreak(ACCOUNT_A, 'ag_missing', true, at(70), [pausedEvent('dl_2')]),
      ).toBeUndefined();
      expect(await agents.getAgent(ACCOUNT_A, 'ag_1')).toEqual(agent('ag_1', ACCOUNT_A));
      expect(await deliveries.countPendingDeliveries()).toBe(0);
    });

    it('writes nothing when a delivery cannot be stored (id already present)', async () => {
      const { agents, deliveries } = context.storage();
      await agents.createAgent(agent('ag_1', ACCOUNT_A));
      const existing = delivery('dl_taken', ACCOUNT_A, { eventType: 'webhook.check' });
      await deliveries.enqueueDeliveries([existing]);
      await expect(
        agents.setAgentBreak(ACCOUNT_A, 'ag_1', true, at(70), [
          pausedEvent('dl_new'),
          pausedEvent('dl_taken'),
        ]),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await agents.getAgent(ACCOUNT_A, 'ag_1')).toEqual(agent('ag_1', ACCOUNT_A));
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_new')).toBeUndefined();
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_taken')).toEqual(existing);
    });

    it('writes nothing when the batch repeats a delivery id', async () => {
      const { agents, deliveries } = context.storage();
      await agents.createAgent(agent('ag_1', ACCOUNT_A));
      await expect(
        agents.setAgentBreak(ACCOUNT_A, 'ag_1', true, at(70), [
          pausedEvent('dl_same'),
          pausedEvent('dl_same'),
        ]),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await agents.getAgent(ACCOUNT_A, 'ag_1'))?.onBreak).toBe(false);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_same')).toBeUndefined();
    });

    it('hands out copies', async () => {
      const { agents } = context.storage();
      const input = agent('ag_1', ACCOUNT_A);
      await agents.createAgent(input);
      input.onBreak = true;
      const read = await agents.getAgent(ACCOUNT_A, 'ag_1');
      if (read) read.name = 'changed';
      expect(await agents.getAgent(ACCOUNT_A, 'ag_1')).toEqual(agent('ag_1', ACCOUNT_A));
    });

    it('keeps agents and their break status across a restart', async ({ skip }) => {
      const reopen = context.reopen();
      if (!reopen) {
        skip('this adapter keeps nothing after close');
        return;
      }
      const storage = context.storage();
      await storage.agents.createAgent(agent('ag_1', ACCOUNT_A));
      await storage.agents.setAgentBreak(ACCOUNT_A, 'ag_1', true, at(70), [pausedEvent('dl_1')]);
      await storage.close();
      const again = await reopen();
      expect((await again.agents.getAgent(ACCOUNT_A, 'ag_1'))?.onBreak).toBe(true);
      expect((await again.deliveries.getDelivery(ACCOUNT_A, 'dl_1'))?.eventType).toBe(
        'agent.paused',
      );
    });
  });
}
