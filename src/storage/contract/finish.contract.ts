import { describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../ports.js';
import type { ContractContext } from './context.js';
import { ACCOUNT_A, ACCOUNT_B, at, delivery, execution } from './fixtures.js';

/** How many deliveries of the execution are pending (account A's). */
async function pendingOf(deliveries: DeliveryStore, executionId: string): Promise<number> {
  const filter = { executionId, status: 'pending' } as const;
  return (await deliveries.listDeliveries(ACCOUNT_A, filter, { limit: 10 })).items.length;
}

export function describeFinishContract(context: ContractContext): void {
  describe('finishExecution (transactional outbox)', () => {
    const started = execution('ex_1', ACCOUNT_A, { status: 'running', startTime: at(21) });
    const finished = execution('ex_1', ACCOUNT_A, {
      status: 'completed',
      endReason: 'hangup',
      startTime: at(21),
      endTime: at(25),
      variables: { '$flow.key.answer': '42' },
      path: ['greet', 'bye'],
      events: [{ type: 'play', text: 'hi' }],
      steps: [{ widgetId: 'greet', line: 0 }],
    });

    it('stores the end and its deliveries together', async () => {
      const { executions, deliveries } = context.storage();
      await executions.createExecution(started);
      const outbox = [
        delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' }),
        delivery('dl_2', ACCOUNT_A, { executionId: 'ex_1', webhookId: 'wh_2' }),
      ];
      await executions.finishExecution(finished, outbox);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(finished);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toEqual(outbox[0]);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_2')).toEqual(outbox[1]);
      expect(await pendingOf(deliveries, 'ex_1')).toBe(2);
    });

    it('stores the end and its one delivery together (the usual flow end webhook)', async () => {
      const { executions, deliveries } = context.storage();
      await executions.createExecution(started);
      const only = delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' });
      await executions.finishExecution(finished, [only]);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(finished);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toEqual(only);
      expect(await pendingOf(deliveries, 'ex_1')).toBe(1);
      // Ended already: refused, and its delivery is not stored either.
      const again = delivery('dl_2', ACCOUNT_A, { executionId: 'ex_1' });
      await expect(executions.finishExecution(finished, [again])).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_2')).toBeUndefined();
    });

    it('writes nothing when its one delivery cannot be stored (id already present)', async () => {
      const { executions, deliveries } = context.storage();
      await executions.createExecution(started);
      const existing = delivery('dl_taken', ACCOUNT_A, { eventType: 'webhook.check' });
      await deliveries.enqueueDeliveries([existing]);
      const taken = delivery('dl_taken', ACCOUNT_A, { executionId: 'ex_1' });
      await expect(executions.finishExecution(finished, [taken])).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(started);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_taken')).toEqual(existing);
    });

    it('stores an end without deliveries', async () => {
      const { executions } = context.storage();
      await executions.createExecution(started);
      await executions.finishExecution(finished, []);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(finished);
    });

    it('writes nothing when a delivery cannot be stored (id already present)', async () => {
      const { executions, deliveries } = context.storage();
      await executions.createExecution(started);
      const existing = delivery('dl_taken', ACCOUNT_A, { eventType: 'webhook.check' });
      await deliveries.enqueueDeliveries([existing]);
      const outbox = [
        delivery('dl_new', ACCOUNT_A, { executionId: 'ex_1' }),
        delivery('dl_taken', ACCOUNT_A, { executionId: 'ex_1' }),
      ];
      await expect(executions.finishExecution(finished, outbox)).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(started);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_new')).toBeUndefined();
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_taken')).toEqual(existing);
      expect(await pendingOf(deliveries, 'ex_1')).toBe(0);
    });

    it('writes nothing when the batch repeats a delivery id', async () => {
      const { executions, deliveries } = context.storage();
      await executions.createExecution(started);
      const outbox = [
        delivery('dl_same', ACCOUNT_A, { executionId: 'ex_1' }),
        delivery('dl_same', ACCOUNT_A, { executionId: 'ex_1', webhookId: 'wh_2' }),
      ];
      await expect(executions.finishExecution(finished, outbox)).rejects.toThrow();
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(started);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_same')).toBeUndefined();
    });

    it("never overwrites another account's execution", async () => {
      const { executions } = context.storage();
      await executions.createExecution(started);
      const intruder = { ...finished, accountId: ACCOUNT_B };
      await expect(executions.finishExecution(intruder, [])).rejects.toThrow();
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(started);
      expect(await executions.getExecution(ACCOUNT_B, 'ex_1')).toBeUndefined();
    });

    it('ends executions finished together independently: a refused one changes only itself', async () => {
      const { executions } = context.storage();
      const other = (id: string) => execution(id, ACCOUNT_A, { status: 'running' });
      await executions.createExecution(started);
      await executions.createExecution(other('ex_2'));
      await executions.createExecution(other('ex_3'));
      const ended = (id: string) => ({ ...finished, id });
      const results = await Promise.allSettled([
        executions.finishExecution(ended('ex_2'), []),
        executions.finishExecution({ ...finished, accountId: ACCOUNT_B }, []),
        executions.finishExecution(ended('ex_3'), []),
      ]);
      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(started);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_2')).toEqual(ended('ex_2'));
      expect(await executions.getExecution(ACCOUNT_A, 'ex_3')).toEqual(ended('ex_3'));
    });

    it('never ends an ended execution again: CONFLICT, its deliveries not stored', async () => {
      // A process stalled past its lease ends a run another process already took over.
      const { executions, deliveries } = context.storage();
      await executions.createExecution(started);
      const interrupted = { ...finished, status: 'failed', endReason: 'INTERRUPTED' } as const;
      await executions.finishExecution(interrupted, [
        delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' }),
      ]);
      const late = executions.finishExecution(finished, [
        delivery('dl_2', ACCOUNT_A, { executionId: 'ex_1' }),
      ]);
      await expect(late).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(interrupted);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_2')).toBeUndefined();
      expect(await pendingOf(deliveries, 'ex_1')).toBe(1);
    });

    it('records an end whose start was never stored', async () => {
      const { executions } = context.storage();
      await executions.finishExecution(finished, []);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toEqual(finished);
    });
  });
}
