import { describe, expect, it } from 'vitest';
import type { WaitingInput } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, execution } from './fixtures.js';

function waitingInput(sequence: number, dueSecond: number): WaitingInput {
  return {
    sequence,
    widgetId: 'ask',
    prompt: 'Your PIN?',
    maxDigits: 4,
    timeoutSeconds: 5,
    dueAt: at(dueSecond),
    resume: { widgetId: 'ask', count: 1 },
  };
}

/** Executions waiting for the caller (docs/server.md "Live executions"). */
export function describeWaitContract(context: ContractContext): void {
  describe('waiting executions', () => {
    it('stores a running execution as waiting, with its state, and reads it back', async () => {
      const { executions } = context.storage();
      const running = execution('ex_w', ACCOUNT_A, { status: 'running', startTime: at(21) });
      await executions.createExecution(running);
      const waiting = { ...running, path: ['ask'], waiting: waitingInput(1, 30) };
      expect(await executions.waitExecution({ ...waiting, status: 'waiting' })).toBe(true);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_w')).toEqual({
        ...waiting,
        status: 'waiting',
      });
      // Not running any more: a second wait (or one for another account) changes nothing.
      expect(await executions.waitExecution({ ...waiting, status: 'waiting' })).toBe(false);
      await executions.createExecution(execution('ex_b', ACCOUNT_B, { status: 'running' }));
      expect(await executions.waitExecution({ ...waiting, id: 'ex_b', status: 'waiting' })).toBe(
        false,
      );
    });

    it('resumes a wait once, and only the wait it was read for', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_w', ACCOUNT_A, { status: 'running' }));
      const record = await executions.getExecution(ACCOUNT_A, 'ex_w');
      if (!record) throw new Error('not stored');
      await executions.waitExecution({
        ...record,
        status: 'waiting',
        waiting: waitingInput(2, 30),
      });
      expect(await executions.resumeExecution('ex_w', 1)).toBe(false);
      const answers = await Promise.all([
        executions.resumeExecution('ex_w', 2),
        executions.resumeExecution('ex_w', 2),
      ]);
      expect(answers.sort()).toEqual([false, true]);
      const resumed = await executions.getExecution(ACCOUNT_A, 'ex_w');
      expect(resumed?.status).toBe('running');
      expect(resumed?.waiting).toBeUndefined();
    });

    it('lists due waits in due order and names the next one; ended ones are not listed', async () => {
      const { executions } = context.storage();
      expect(await executions.nextWaitDue()).toBeUndefined();
      for (const [id, due] of [
        ['ex_late', 50],
        ['ex_soon', 30],
        ['ex_mid', 40],
      ] as const) {
        await executions.createExecution(execution(id, ACCOUNT_A, { status: 'running' }));
        const record = { ...execution(id, ACCOUNT_A), status: 'waiting' as const };
        await executions.waitExecution({ ...record, waiting: waitingInput(1, due) });
      }
      expect(await executions.nextWaitDue()).toBe(at(30));
      const due = await executions.listDueWaits(at(40), 10);
      expect(due.map((e) => e.id)).toEqual(['ex_soon', 'ex_mid']);
      expect(due[0]?.waiting?.dueAt).toBe(at(30));
      expect(await executions.listDueWaits(at(40), 1)).toHaveLength(1);
      await executions.resumeExecution('ex_soon', 1);
      expect(await executions.nextWaitDue()).toBe(at(40));
      const ended = execution('ex_mid', ACCOUNT_A, { status: 'completed', endReason: 'end' });
      await executions.finishExecution(ended, []);
      expect((await executions.listDueWaits(at(60), 10)).map((e) => e.id)).toEqual(['ex_late']);
      expect((await executions.getExecution(ACCOUNT_A, 'ex_mid'))?.waiting).toBeUndefined();
      // Waiting is not unfinished work for restart recovery: it goes on by answer or timeout.
      expect((await executions.listUnfinishedExecutions(10)).map((e) => e.id)).toEqual(['ex_soon']);
    });

    it('numbers an execution’s events in order and lists them after a sequence number', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_e', ACCOUNT_A, { status: 'running' }));
      await executions.createExecution(execution('ex_f', ACCOUNT_A, { status: 'running' }));
      const first = await executions.appendExecutionEvents('ex_e', [
        { type: 'play', at: at(21), text: 'Hello' },
        { type: 'step', at: at(21), widgetId: 'greet', line: 0 },
      ]);
      expect(first.map((event) => event.seq)).toEqual([1, 2]);
      await executions.appendExecutionEvents('ex_f', [{ type: 'end', at: at(22) }]);
      const both = await Promise.all([
        executions.appendExecutionEvents('ex_e', [{ type: 'input.request', at: at(23) }]),
        executions.appendExecutionEvents('ex_e', [{ type: 'hangup', at: at(24) }]),
      ]);
      expect(
        both
          .flat()
          .map((event) => event.seq)
          .sort(),
      ).toEqual([3, 4]);
      const all = await executions.listExecutionEvents('ex_e', 0, 10);
      expect(all.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
      expect(all[0]).toEqual({ seq: 1, type: 'play', at: at(21), text: 'Hello' });
      expect(all[1]).toEqual({ seq: 2, type: 'step', at: at(21), widgetId: 'greet', line: 0 });
      expect((await executions.listExecutionEvents('ex_e', 2, 1)).map((e) => e.seq)).toEqual([3]);
      expect(await executions.listExecutionEvents('ex_e', 4, 10)).toEqual([]);
      expect((await executions.listExecutionEvents('ex_f', 0, 10)).map((e) => e.type)).toEqual([
        'end',
      ]);
    });

    it('numbers the events of several executions appended at once, each on from its own', async () => {
      const { executions } = context.storage();
      for (const id of ['ex_g', 'ex_h', 'ex_i']) {
        await executions.createExecution(execution(id, ACCOUNT_A, { status: 'running' }));
      }
      await executions.appendExecutionEvents('ex_g', [
        { type: 'step', at: at(21), widgetId: 'a', line: 0 },
        { type: 'step', at: at(21), widgetId: 'b', line: 0 },
      ]);
      const appended = await Promise.all([
        executions.appendExecutionEvents('ex_g', [{ type: 'play', at: at(22), text: 'g' }]),
        executions.appendExecutionEvents('ex_h', [
          { type: 'play', at: at(22), text: 'h1' },
          { type: 'play', at: at(22), text: 'h2' },
        ]),
        executions.appendExecutionEvents('ex_i', []),
        executions.appendExecutionEvents('ex_g', [{ type: 'end', at: at(23) }]),
      ]);
      expect(appended.map((events) => events.map((event) => event.seq))).toEqual([
        [3],
        [1, 2],
        [],
        [4],
      ]);
      const texts = async (id: string) =>
        (await executions.listExecutionEvents(id, 0, 10)).map((e) => [e.seq, e.type, e.text]);
      expect(await texts('ex_g')).toEqual([
        [1, 'step', undefined],
        [2, 'step', undefined],
        [3, 'play', 'g'],
        [4, 'end', undefined],
      ]);
      expect(await texts('ex_h')).toEqual([
        [1, 'play', 'h1'],
        [2, 'play', 'h2'],
      ]);
      expect(await executions.listExecutionEvents('ex_i', 0, 10)).toEqual([]);
    });
  });
}
