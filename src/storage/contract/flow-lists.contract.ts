import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  at,
  collectPages,
  execution,
  flow,
  flowDocument,
} from './fixtures.js';

/** The flows list's last execution and a flow's versions list (docs/server.md flows). */
export function describeFlowListContract(context: ContractContext): void {
  describe('flow lists', () => {
    it("lists each flow with its newest execution, whatever the execution's state", async () => {
      const { flows, executions } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A, at(1)));
      await flows.createFlow(flow('flow_2', ACCOUNT_A, at(2)));
      await flows.createFlow(flow('flow_3', ACCOUNT_A, at(3)));
      const ended = { status: 'failed', endReason: 'webhook failed', startTime: at(31) } as const;
      await executions.createExecution(execution('exec_old', ACCOUNT_A, { createdAt: at(20) }));
      await executions.createExecution(
        execution('exec_new', ACCOUNT_A, { createdAt: at(30), ...ended }),
      );
      // Same time: the greater id is the newer (the order every list uses).
      await executions.createExecution(
        execution('exec_b', ACCOUNT_A, { flowId: 'flow_2', createdAt: at(25) }),
      );
      await executions.createExecution(
        execution('exec_a', ACCOUNT_A, { flowId: 'flow_2', createdAt: at(25) }),
      );
      const page = await flows.listFlows(ACCOUNT_A, { limit: 10 });
      expect(page.items.map((item) => [item.id, item.lastExecution])).toEqual([
        ['flow_1', { id: 'exec_new', ...ended }],
        ['flow_2', { id: 'exec_b', status: 'queued', endReason: null, startTime: null }],
        ['flow_3', null],
      ]);
    });

    it("never shows another account's execution as a flow's last one", async () => {
      const { flows, executions } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      await executions.createExecution(execution('exec_b', ACCOUNT_B, { createdAt: at(40) }));
      const page = await flows.listFlows(ACCOUNT_A, { limit: 10 });
      expect(page.items.map((item) => item.lastExecution)).toEqual([null]);
    });

    it('pages flows with their last executions', async () => {
      const { flows, executions } = context.storage();
      for (const n of [1, 2, 3, 4, 5]) {
        await flows.createFlow(flow(`flow_${n}`, ACCOUNT_A, at(n)));
        await executions.createExecution(
          execution(`exec_${n}`, ACCOUNT_A, { flowId: `flow_${n}`, createdAt: at(20 + n) }),
        );
      }
      const all = await collectPages((cursor) =>
        flows.listFlows(ACCOUNT_A, cursor === undefined ? { limit: 2 } : { limit: 2, cursor }),
      );
      expect(all.pages).toBe(3);
      expect(all.items.map((item) => [item.id, item.lastExecution?.id])).toEqual(
        [1, 2, 3, 4, 5].map((n) => [`flow_${n}`, `exec_${n}`]),
      );
    });

    it("lists a flow's versions newest first, by pages", async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A, at(10)));
      for (const n of [2, 3, 4, 5]) {
        await flows.addFlowVersion({
          accountId: ACCOUNT_A,
          id: 'flow_1',
          document: flowDocument(`Name ${n}`),
          createdAt: at(10 + n),
        });
      }
      const first = await flows.listFlowVersions(ACCOUNT_A, 'flow_1', { limit: 2 });
      expect(first?.items).toEqual([
        { version: 5, name: 'Name 5', createdAt: at(15) },
        { version: 4, name: 'Name 4', createdAt: at(14) },
      ]);
      expect(first?.nextCursor).toEqual(expect.any(String));
      // A version saved meanwhile neither shifts nor repeats the following pages.
      await flows.addFlowVersion({
        accountId: ACCOUNT_A,
        id: 'flow_1',
        document: flowDocument('Name 6'),
        createdAt: at(16),
      });
      const all = await collectPages(async (cursor) => {
        const page = await flows.listFlowVersions(ACCOUNT_A, 'flow_1', {
          limit: 2,
          ...(cursor === undefined ? { cursor: first?.nextCursor ?? '' } : { cursor }),
        });
        if (!page) throw new Error('flow_1 not found');
        return page;
      });
      expect(all.items.map((item) => item.version)).toEqual([3, 2, 1]);
      expect(all.items.at(-1)).toEqual({ version: 1, name: 'Flow flow_1', createdAt: at(10) });
      const exact = await flows.listFlowVersions(ACCOUNT_A, 'flow_1', { limit: 6 });
      expect(exact?.items).toHaveLength(6);
      expect(exact?.nextCursor).toBeUndefined();
    });

    it("finds no versions of a missing, deleted or another account's flow", async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      await flows.createFlow(flow('flow_2', ACCOUNT_A));
      await flows.deleteFlow(ACCOUNT_A, 'flow_2', at(11));
      expect(await flows.listFlowVersions(ACCOUNT_B, 'flow_1', { limit: 5 })).toBeUndefined();
      expect(await flows.listFlowVersions(ACCOUNT_A, 'flow_2', { limit: 5 })).toBeUndefined();
      expect(await flows.listFlowVersions(ACCOUNT_A, 'flow_x', { limit: 5 })).toBeUndefined();
    });

    it('refuses a versions cursor it did not issue', async () => {
      const { flows } = context.storage();
      await flows.createFlow(flow('flow_1', ACCOUNT_A));
      const cursorOf = (id: string) =>
        Buffer.from(JSON.stringify([at(1), id])).toString('base64url');
      // A flows-list cursor, and a version past what an integer column holds.
      for (const cursor of ['not a cursor', cursorOf('flow_1'), cursorOf('9999999999')]) {
        await expect(
          flows.listFlowVersions(ACCOUNT_A, 'flow_1', { limit: 3, cursor }),
        ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
      }
    });
  });
}
