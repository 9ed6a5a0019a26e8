import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, collectPages, execution } from './fixtures.js';

export function describeExecutionContract(context: ContractContext): void {
  describe('executions', () => {
    it('creates and reads an execution, only in its own account', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_1', ACCOUNT_A));
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(
        execution('ex_1', ACCOUNT_A),
      );
      expect(await executions.getExecution(ACCOUNT_B, 'ex_1')).toBeUndefined();
      expect(await executions.getExecution(ACCOUNT_A, 'ex_missing')).toBeUndefined();
      expect(await executions.listExecutions(ACCOUNT_B, {}, { limit: 10 })).toEqual({ items: [] });
      await expect(executions.createExecution(execution('ex_1', ACCOUNT_A))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('creates executions started at once, a duplicate among them refused alone', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_0', ACCOUNT_A));
      const ids = ['ex_1', 'ex_2', 'ex_0', 'ex_3', 'ex_1'];
      const settled = await Promise.allSettled(
        ids.map((id, index) =>
          executions.createExecution(execution(id, ACCOUNT_A, { createdAt: at(30 + index) })),
        ),
      );
      expect(settled.map((result) => result.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
      ]);
      for (const result of settled) {
        if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONFLICT' });
      }
      const stored = await executions.listExecutions(ACCOUNT_A, {}, { limit: 10 });
      expect(stored.items.map((e) => [e.id, e.createdAt])).toEqual([
        ['ex_3', at(33)],
        ['ex_2', at(31)],
        ['ex_1', at(30)],
        ['ex_0', execution('ex_0', ACCOUNT_A).createdAt],
      ]);
      // A value a store may refuse (PostgreSQL's text holds no NUL) fails only its own row.
      const odd = await Promise.allSettled([
        executions.createExecution(execution('ex_4', ACCOUNT_A)),
        executions.createExecution(execution('ex_5', ACCOUNT_A, { from: 'a\u0000b' })),
        executions.createExecution(execution('ex_6', ACCOUNT_A)),
      ]);
      expect([odd[0].status, odd[2].status]).toEqual(['fulfilled', 'fulfilled']);
      // Refused as the caller's bad value (400), never as a fault, where it is refused.
      if (odd[1].status === 'rejected') {
        expect(odd[1].reason).toMatchObject({ code: 'INVALID_VALUE' });
      }
      for (const id of ['ex_4', 'ex_6']) {
        expect(await executions.getExecution(ACCOUNT_A, id)).toEqual(execution(id, ACCOUNT_A));
      }
      const many = Array.from(
        { length: 100 },
        (_, index) => `ex_m${String(index).padStart(3, '0')}`,
      );
      await Promise.all(many.map((id) => executions.createExecution(execution(id, ACCOUNT_A))));
      for (const id of [many[0], many[63], many[64], many[99]]) {
        expect(await executions.getExecution(ACCOUNT_A, id as string)).toEqual(
          execution(id as string, ACCOUNT_A),
        );
      }
    });

    it('lists newest first across pages, ties broken by id, without duplicates', async () => {
      const { executions } = context.storage();
      const seconds = [5, 1, 3, 3, 3, 9, 7, 2];
      for (const [index, second] of seconds.entries()) {
        await executions.createExecution(
          execution(`ex_${index}`, ACCOUNT_A, { createdAt: at(second) }),
        );
      }
      const all = await collectPages((cursor) =>
        executions.listExecutions(
          ACCOUNT_A,
          {},
          cursor === undefined ? { limit: 3 } : { limit: 3, cursor },
        ),
      );
      expect(all.pages).toBe(3);
      expect(all.items.map((e) => e.id)).toEqual([
        'ex_5',
        'ex_6',
        'ex_0',
        'ex_4',
        'ex_3',
        'ex_2',
        'ex_7',
        'ex_1',
      ]);
    });

    it('keeps its place when newer executions arrive between pages', async () => {
      const { executions } = context.storage();
      for (const second of [1, 2, 3, 4]) {
        await executions.createExecution(
          execution(`ex_${second}`, ACCOUNT_A, { createdAt: at(second) }),
        );
      }
      const first = await executions.listExecutions(ACCOUNT_A, {}, { limit: 2 });
      expect(first.items.map((e) => e.id)).toEqual(['ex_4', 'ex_3']);
      await executions.createExecution(execution('ex_new', ACCOUNT_A, { createdAt: at(9) }));
      const cursor = first.nextCursor ?? '';
      const second = await executions.listExecutions(ACCOUNT_A, {}, { limit: 2, cursor });
      expect(second.items.map((e) => e.id)).toEqual(['ex_2', 'ex_1']);
      expect(second.nextCursor).toBeUndefined();
    });

    it('filters by flow and status, also across pages', async () => {
      const { executions } = context.storage();
      const rows: ExecutionRecord[] = [
        execution('ex_1', ACCOUNT_A, { flowId: 'flow_x', status: 'completed', createdAt: at(1) }),
        execution('ex_2', ACCOUNT_A, { flowId: 'flow_y', status: 'completed', createdAt: at(2) }),
        execution('ex_3', ACCOUNT_A, { flowId: 'flow_x', status: 'failed', createdAt: at(3) }),
        execution('ex_4', ACCOUNT_A, { flowId: 'flow_x', status: 'completed', createdAt: at(4) }),
        execution('ex_5', ACCOUNT_A, { flowId: 'flow_x', status: 'completed', createdAt: at(5) }),
        execution('ex_6', ACCOUNT_B, { flowId: 'flow_x', status: 'completed', createdAt: at(6) }),
      ];
      for (const row of rows) await executions.createExecution(row);
      const ids = async (filter: Parameters<typeof executions.listExecutions>[1]) =>
        (
          await collectPages((cursor) =>
            executions.listExecutions(
              ACCOUNT_A,
              filter,
              cursor === undefined ? { limit: 2 } : { limit: 2, cursor },
            ),
          )
        ).items.map((e) => e.id);
      expect(await ids({ flowId: 'flow_x' })).toEqual(['ex_5', 'ex_4', 'ex_3', 'ex_1']);
      expect(await ids({ status: 'completed' })).toEqual(['ex_5', 'ex_4', 'ex_2', 'ex_1']);
      expect(await ids({ flowId: 'flow_x', status: 'completed' })).toEqual([
        'ex_5',
        'ex_4',
        'ex_1',
      ]);
      expect(await ids({ status: 'running' })).toEqual([]);
    });

    it('marks a queued execution running exactly once', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_1', ACCOUNT_A));
      await executions.createExecution(execution('ex_2', ACCOUNT_A, { status: 'completed' }));
      expect(await executions.markExecutionRunning('ex_1', at(30))).toBe(true);
      expect(await executions.markExecutionRunning('ex_1', at(31))).toBe(false);
      expect(await executions.markExecutionRunning('ex_2', at(31))).toBe(false);
      expect(await executions.markExecutionRunning('ex_missing', at(31))).toBe(false);
      const running = await executions.getExecution(ACCOUNT_A, 'ex_1');
      expect(running).toMatchObject({ status: 'running', startTime: at(30) });
      expect((await executions.getExecution(ACCOUNT_A, 'ex_2'))?.status).toBe('completed');
    });

    it('lists unfinished executions of every account, oldest first, up to the limit', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_q', ACCOUNT_A, { createdAt: at(3) }));
      await executions.createExecution(
        execution('ex_r', ACCOUNT_B, { status: 'running', createdAt: at(1) }),
      );
      await executions.createExecution(
        execution('ex_c', ACCOUNT_A, { status: 'completed', createdAt: at(0) }),
      );
      await executions.createExecution(
        execution('ex_f', ACCOUNT_A, { status: 'failed', createdAt: at(0) }),
      );
      await executions.createExecution(execution('ex_q2', ACCOUNT_A, { createdAt: at(4) }));
      const unfinished = await executions.listUnfinishedExecutions(10);
      expect(unfinished.map((e) => e.id)).toEqual(['ex_r', 'ex_q', 'ex_q2']);
      expect((await executions.listUnfinishedExecutions(2)).map((e) => e.id)).toEqual([
        'ex_r',
        'ex_q',
      ]);
    });

    it('hands out copies of variables', async () => {
      const { executions } = context.storage();
      const input = execution('ex_1', ACCOUNT_A);
      await executions.createExecution(input);
      input.variables['$flow.key.input'] = 'changed';
      const read = await executions.getExecution(ACCOUNT_A, 'ex_1');
      read?.path.push('sneaky');
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(
        execution('ex_1', ACCOUNT_A),
      );
    });
  });
}
