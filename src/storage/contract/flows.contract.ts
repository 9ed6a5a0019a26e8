import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../flow/index.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, collectPages, flow, flowDocument } from './fixtures.js';

export function describeFlowContract(context: ContractContext): void {
  describe('flows', () => {
    it('creates version 1 and reads it as the latest and by number', async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      expect(await flows.getFlow(ACCOUNT_A, 'flow_1')).toEqual(flow('flow_1', ACCOUNT_A));
      expect(await flows.getFlow(ACCOUNT_A, 'flow_1', 1)).toEqual(flow('flow_1', ACCOUNT_A));
      expect(await flows.getFlow(ACCOUNT_A, 'flow_1', 2)).toBeUndefined();
      expect(await flows.getFlow(ACCOUNT_A, 'flow_missing')).toBeUndefined();
    });

    it('refuses a second flow with the same id', async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      await expect(flows.createFlow(flow('flow_1', ACCOUNT_A))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('adds versions: the latest is read by default, older ones by number', async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      const v2 = await flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_1',
        document: flowDocument('Renamed'),
        createdAt: at(11),
      });
      expect(v2).toEqual({
        id: 'flow_1',
        accountId: ACCOUNT_A,
        version: 2,
        name: 'Renamed',
        document: flowDocument('Renamed'),
        createdAt: at(11),
      });
      const v3 = await flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_1',
        document: flowDocument('Third'),
        createdAt: at(12),
      });
      expect(v3?.version).toBe(3);
      expect(await flows.getFlow(ACCOUNT_A, 'flow_1')).toEqual(v3);
      expect((await flows.getFlow(ACCOUNT_A, 'flow_1', 2))?.name).toBe('Renamed');
      expect((await flows.getFlow(ACCOUNT_A, 'flow_1', 1))?.version).toBe(1);
      const missing = await flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_x',
        document: flowDocument('X'),
        createdAt: at(12),
      });
      expect(missing).toBeUndefined();
    });

    it('saves on a base version only while it is the latest', async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      const v2 = await flows.addFlowVersion({
        id: 'flow_1',
        accountId: ACCOUNT_A,
        document: flowDocument('B'),
        createdAt: at(11),
        baseVersion: 1,
      });
      expect(v2?.version).toBe(2);
      await expect(
        flows.addFlowVersion({
          id: 'flow_1',
          accountId: ACCOUNT_A,
          document: flowDocument('C'),
          createdAt: at(12),
          baseVersion: 1,
        }),
      ).rejects.toThrow(/version 2 is the latest/);
      expect((await flows.getFlow(ACCOUNT_A, 'flow_1'))?.name).toBe('B');
    });

    it('summarises the latest version in lists', async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      await flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_1',
        document: flowDocument('Renamed'),
        createdAt: at(15),
      });
      const page = await flows.listFlows(ACCOUNT_A, { limit: 10 });
      expect(page).toEqual({
        items: [
          {
            id: 'flow_1',
            name: 'Renamed',
            version: 2,
            createdAt: at(10),
            updatedAt: at(15),
            lastExecution: null,
          },
        ],
      });
    });

    it("keeps accounts apart: another account's flow is not found, changed or listed", async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      expect(await flows.getFlow(ACCOUNT_B, 'flow_1')).toBeUndefined();
      expect(await flows.getFlow(ACCOUNT_B, 'flow_1', 1)).toBeUndefined();
      expect(
        await flows.addFlowVersion({
          accountId: ACCOUNT_B,
          id: 'flow_1',
          document: flowDocument('Hijack'),
          createdAt: at(11),
        }),
      ).toBeUndefined();
      expect(await flows.deleteFlow(ACCOUNT_B, 'flow_1', at(11))).toBe(false);
      expect(await flows.listFlows(ACCOUNT_B, { limit: 10 })).toEqual({ items: [] });
      expect((await flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(1);
    });

    it('deletes: not found or listed, no new versions, but pinned versions stay readable', async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      await flows.createFlow(flow('flow_2', ACCOUNT_A));
      await flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_1',
        document: flowDocument('Two'),
        createdAt: at(11),
      });
      expect(await flows.deleteFlow(ACCOUNT_A, 'flow_1', at(12))).toBe(true);
      expect(await flows.deleteFlow(ACCOUNT_A, 'flow_1', at(13))).toBe(false);
      expect(await flows.getFlow(ACCOUNT_A, 'flow_1')).toBeUndefined();
      expect(await flows.getFlow(ACCOUNT_A, 'flow_1', 1)).toBeUndefined();
      const listed = await flows.listFlows(ACCOUNT_A, { limit: 10 });
      expect(listed.items.map((f) => f.id)).toEqual(['flow_2']);
      expect(
        await flows.addFlowVersion({
          accountId: ACCOUNT_A,
          id: 'flow_1',
          document: flowDocument('Three'),
          createdAt: at(14),
        }),
      ).toBeUndefined();
      expect(await flows.getFlowVersionForExecution('flow_1', 1)).toEqual(
        flow('flow_1', ACCOUNT_A),
      );
      expect((await flows.getFlowVersionForExecution('flow_1', 2))?.name).toBe('Two');
      expect(await flows.getFlowVersionForExecution('flow_1', 3)).toBeUndefined();
      expect(await flows.getFlowVersionForExecution('flow_missing', 1)).toBeUndefined();
    });

    it('pages by creation time then id, without duplicates or gaps', async () => {
      const { flows } = context.storage();
      // Ties on createdAt are broken by id; insertion order is deliberately scrambled.
      const created: Array<[string, number]> = [
        ['flow_e', 3],
        ['flow_a', 1],
        ['flow_c', 2],
        ['flow_b', 2],
        ['flow_g', 5],
        ['flow_d', 2],
        ['flow_f', 4],
      ];
      for (const [id, second] of created) await flows.createFlow(flow(id, ACCOUNT_A, at(second)));
      await flows.createFlow(flow('flow_other', ACCOUNT_B, at(1)));

      const first = await flows.listFlows(ACCOUNT_A, { limit: 3 });
      expect(first.items.map((f) => f.id)).toEqual(['flow_a', 'flow_b', 'flow_c']);
      expect(first.nextCursor).toEqual(expect.any(String));
      const all = await collectPages((cursor) =>
        flows.listFlows(ACCOUNT_A, cursor === undefined ? { limit: 3 } : { limit: 3, cursor }),
      );
      expect(all.pages).toBe(3);
      expect(all.items.map((f) => f.id)).toEqual([
        'flow_a',
        'flow_b',
        'flow_c',
        'flow_d',
        'flow_e',
        'flow_f',
        'flow_g',
      ]);
      const exact = await flows.listFlows(ACCOUNT_A, { limit: 7 });
      expect(exact.items).toHaveLength(7);
      expect(exact.nextCursor).toBeUndefined();
    });

    it('refuses a cursor it did not issue', async () => {
      const { flows } = context.storage();
      await expect(
        flows.listFlows(ACCOUNT_A, { limit: 3, cursor: 'not a cursor' }),
      ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it("keeps each version's sealed secrets beside its document", async () => {
      const { flows } = context.storage();
      await flows.createFlow({ ...flow('flow_1', ACCOUNT_A), secrets: { 'w/auth.token': 'v1:a' } });
      const v2 = await flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_1',
        document: flowDocument('Two'),
        secrets: { 'w/auth.token': 'v1:b' },
        createdAt: at(11),
      });
      expect(v2?.secrets).toEqual({ 'w/auth.token': 'v1:b' });
      expect((await flows.getFlow(ACCOUNT_A, 'flow_1', 1))?.secrets).toEqual({
        'w/auth.token': 'v1:a',
      });
      expect((await flows.getFlowVersionForExecution('flow_1', 2))?.secrets).toEqual({
        'w/auth.token': 'v1:b',
      });
    });

    it('seals the versions saved in clear, once', async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      await flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_1',
        document: flowDocument('Two'),
        secrets: {},
        createdAt: at(11),
      });
      const seal = (document: FlowDocument) => ({
        document: { ...document, description: 'sealed' },
        secrets: { 'w/auth.token': 'v1:x' },
      });
      expect(await flows.sealClearFlowVersions(seal)).toBe(1);
      expect(await flows.getFlow(ACCOUNT_A, 'flow_1', 1)).toMatchObject({
        document: { description: 'sealed' },
        secrets: { 'w/auth.token': 'v1:x' },
      });
      expect((await flows.getFlow(ACCOUNT_A, 'flow_1', 2))?.secrets).toEqual({});
      expect(await flows.sealClearFlowVersions(seal)).toBe(0);
    });

    it('hands out copies of documents (or frozen ones)', async () => {
      const { flows } = context.storage();
      const input = flow('flow_1', ACCOUNT_A);
      await flows.createFlow(input);
      input.document.widgets['evil'] = { type: 'end' };
      const read = await flows.getFlow(ACCOUNT_A, 'flow_1');
      // A cache's shared rows are frozen (src/storage/cache/): changing one throws.
      if (read && !Object.isFrozen(read.document.widgets)) {
        read.document.widgets['worse'] = { type: 'end' };
      }
      expect((await flows.getFlow(ACCOUNT_A, 'flow_1'))?.document).toEqual(
        flowDocument('Flow flow_1'),
      );
    });
  });
}
