import { describe, expect, it } from 'vitest';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, execution } from './fixtures.js';

/** Voice calls and hangup requests of executions (docs/voice.md, docs/server.md). */
export function describeCallContract(context: ContractContext): void {
  describe('execution calls and hangup requests', () => {
    it('finds the execution a call runs, for its account only; the latest link wins', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_1', ACCOUNT_A, { createdAt: at(1) }));
      await executions.createExecution(execution('ex_2', ACCOUNT_A, { createdAt: at(2) }));
      expect(await executions.findCallExecution(ACCOUNT_A, 'CA1')).toBeUndefined();
      await executions.linkCall(ACCOUNT_A, 'CA1', 'ex_1');
      expect(await executions.findCallExecution(ACCOUNT_A, 'CA1')).toBe('ex_1');
      expect(await executions.findCallExecution(ACCOUNT_B, 'CA1')).toBeUndefined();
      expect(await executions.findCallExecution(ACCOUNT_A, 'CA2')).toBeUndefined();
      await executions.linkCall(ACCOUNT_A, 'CA1', 'ex_2');
      expect(await executions.findCallExecution(ACCOUNT_A, 'CA1')).toBe('ex_2');
      // Another account's execution is not linked.
      await executions.createExecution(execution('ex_b', ACCOUNT_B));
      await executions.linkCall(ACCOUNT_A, 'CA3', 'ex_b');
      expect(await executions.findCallExecution(ACCOUNT_A, 'CA3')).toBeUndefined();
      expect(await executions.findCallExecution(ACCOUNT_B, 'CA3')).toBeUndefined();
    });

    it('keeps a call link through the execution’s end and across a restart', async ({ skip }) => {
      const storage = context.storage();
      await storage.executions.createExecution(execution('ex_1', ACCOUNT_A, { status: 'running' }));
      await storage.executions.linkCall(ACCOUNT_A, 'CA1', 'ex_1');
      const ended = execution('ex_1', ACCOUNT_A, { status: 'completed', endReason: 'end' });
      await storage.executions.finishExecution(ended, []);
      expect(await storage.executions.findCallExecution(ACCOUNT_A, 'CA1')).toBe('ex_1');
      const reopen = context.reopen();
      if (!reopen) {
        skip('this adapter keeps nothing after close');
        return;
      }
      await storage.close();
      const again = await reopen();
      expect(await again.executions.findCallExecution(ACCOUNT_A, 'CA1')).toBe('ex_1');
    });

    it('stores a hangup request only for a running execution and lists it', async () => {
      const { executions } = context.storage();
      await executions.createExecution(execution('ex_q', ACCOUNT_A));
      await executions.createExecution(execution('ex_r', ACCOUNT_A, { status: 'running' }));
      await executions.createExecution(execution('ex_s', ACCOUNT_A, { status: 'running' }));
      expect(await executions.listHangupRequests([])).toEqual([]);
      expect(await executions.listHangupRequests(['ex_q', 'ex_r', 'ex_s'])).toEqual([]);
      expect(await executions.requestHangup('ex_q', at(5))).toBe(false);
      expect(await executions.requestHangup('nope', at(5))).toBe(false);
      expect(await executions.requestHangup('ex_r', at(5))).toBe(true);
      expect(await executions.listHangupRequests(['ex_q', 'ex_r', 'ex_s', 'nope'])).toEqual([
        'ex_r',
      ]);
      expect(await executions.listHangupRequests(['ex_s'])).toEqual([]);
      // It stopped to wait before it noticed: still listed (the wait is hung up).
      const record = await executions.getExecution(ACCOUNT_A, 'ex_r');
      if (!record) throw new Error('not stored');
      const waiting = { sequence: 1, widgetId: 'ask', prompt: '', maxDigits: null };
      const wait = { ...waiting, timeoutSeconds: 5, dueAt: at(9), resume: {} };
      expect(await executions.waitExecution({ ...record, status: 'waiting', waiting: wait })).toBe(
        true,
      );
      expect(await executions.listHangupRequests(['ex_r'])).toEqual(['ex_r']);
      // Once it ended the request is no longer listed.
      const ended = execution('ex_r', ACCOUNT_A, { status: 'completed', endReason: 'end' });
      await executions.finishExecution(ended, []);
      expect(await executions.listHangupRequests(['ex_r'])).toEqual([]);
      expect(await executions.requestHangup('ex_r', at(6))).toBe(false);
    });
  });
}
