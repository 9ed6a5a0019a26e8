import { describe, expect, it } from 'vitest';
import type { AttemptResult, DeliveryRecord } from '../ports.js';
import type { ContractContext } from './context.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  at,
  attempt,
  collectPages,
  delivery,
  execution,
  webhook,
} from './fixtures.js';

/** Attempt `number` of a delivery, leaving it in `status`. */
function result(
  deliveryId: string,
  number: number,
  status: AttemptResult['status'],
  endpoint?: AttemptResult['endpoint'],
): AttemptResult {
  return {
    attempt: attempt(deliveryId, number, { status: status === 'succeeded' ? 200 : 500 }),
    status,
    nextAttemptAt: status === 'pending' ? at(900) : null,
    ...(endpoint === undefined ? {} : { endpoint }),
  };
}

/** An ended execution waiting for its flow end webhook, with variables to purge. */
const ended = (id: string) =>
  execution(id, ACCOUNT_A, {
    status: 'completed',
    endReason: 'hangup',
    endTime: at(30),
    variables: {
      '$flow.key.card': '4111',
      '$flow.key.order': 'A-1',
      '$flow.syskey.executionId': id,
      '$user.key.tier': 'gold',
    },
    persisted: ['$flow.key.order'],
  });
const PURGED = {
  '$flow.key.order': 'A-1',
  '$flow.syskey.executionId': 'ex_1',
  '$user.key.tier': 'gold',
};

export function describeDeliveryContract(context: ContractContext): void {
  describe('deliveries', () => {
    it('enqueues and reads a delivery, only in its own account', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toEqual(delivery('dl_1', ACCOUNT_A));
      expect(await deliveries.getDelivery(ACCOUNT_B, 'dl_1')).toBeUndefined();
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_missing')).toBeUndefined();
      expect(await deliveries.listDeliveries(ACCOUNT_B, {}, { limit: 10 })).toEqual({ items: [] });
    });

    it('enqueues a batch all or nothing', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
      await expect(
        deliveries.enqueueDeliveries([delivery('dl_2', ACCOUNT_A), delivery('dl_1', ACCOUNT_A)]),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_2')).toBeUndefined();
      await deliveries.enqueueDeliveries([]);
    });

    it('lists newest first with filters, across pages', async () => {
      const { deliveries } = context.storage();
      const rows: DeliveryRecord[] = [
        delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1', createdAt: at(1) }),
        delivery('dl_2', ACCOUNT_A, { executionId: 'ex_2', createdAt: at(2), webhookId: 'wh_2' }),
        delivery('dl_3', ACCOUNT_A, { executionId: 'ex_1', createdAt: at(3), status: 'failed' }),
        delivery('dl_4', ACCOUNT_A, { executionId: 'ex_1', createdAt: at(3) }),
        delivery('dl_5', ACCOUNT_A, { executionId: null, createdAt: at(5), status: 'succeeded' }),
        delivery('dl_6', ACCOUNT_B, { executionId: 'ex_1', createdAt: at(6) }),
      ];
      await deliveries.enqueueDeliveries(rows);
      const ids = async (filter: Parameters<typeof deliveries.listDeliveries>[1]) =>
        (
          await collectPages((cursor) =>
            deliveries.listDeliveries(
              ACCOUNT_A,
              filter,
              cursor === undefined ? { limit: 2 } : { limit: 2, cursor },
            ),
          )
        ).items.map((d) => d.id);
      expect(await ids({})).toEqual(['dl_5', 'dl_4', 'dl_3', 'dl_2', 'dl_1']);
      expect(await ids({ executionId: 'ex_1' })).toEqual(['dl_4', 'dl_3', 'dl_1']);
      expect(await ids({ status: 'pending' })).toEqual(['dl_4', 'dl_2', 'dl_1']);
      expect(await ids({ webhookId: 'wh_2' })).toEqual(['dl_2']);
      expect(await ids({ executionId: 'ex_1', status: 'failed', webhookId: 'wh_1' })).toEqual([
        'dl_3',
      ]);
    });

    it('records attempts: new state, attempt count, lease released; attempts in order', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
      await deliveries.claimDueDeliveries({
        now: at(100),
        limit: 10,
        leaseUntil: at(160),
        perWebhookLimit: 5,
      });
      await deliveries.recordAttempt({
        attempt: attempt('dl_1', 1),
        status: 'pending',
        nextAttemptAt: at(105),
      });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        status: 'pending',
        attemptCount: 1,
        nextAttemptAt: at(105),
        leaseUntil: null,
      });
      const success = attempt('dl_1', 2, { status: 204, responseExcerpt: null, error: null });
      await deliveries.recordAttempt({
        attempt: success,
        status: 'succeeded',
        nextAttemptAt: null,
      });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        status: 'succeeded',
        attemptCount: 2,
        nextAttemptAt: null,
        leaseUntil: null,
      });
      expect(await deliveries.listAttempts('dl_1')).toEqual([attempt('dl_1', 1), success]);
      expect(await deliveries.listAttempts('dl_missing')).toEqual([]);
    });

    it('refuses an attempt for a delivery that does not exist', async () => {
      const { deliveries } = context.storage();
      await expect(
        deliveries.recordAttempt({
          attempt: attempt('dl_missing', 1),
          status: 'failed',
          nextAttemptAt: null,
        }),
      ).rejects.toThrow();
      expect(await deliveries.listAttempts('dl_missing')).toEqual([]);
    });

    it('records attempts made together; a refused one changes only itself', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([
        delivery('dl_1', ACCOUNT_A),
        delivery('dl_2', ACCOUNT_A),
      ]);
      const results = await Promise.allSettled([
        deliveries.recordAttempt(result('dl_1', 1, 'succeeded')),
        deliveries.recordAttempt(result('dl_missing', 1, 'failed')),
        deliveries.recordAttempt(result('dl_2', 1, 'pending')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        status: 'succeeded',
        attemptCount: 1,
      });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_2')).toMatchObject({
        status: 'pending',
        nextAttemptAt: at(900),
      });
      expect(await deliveries.listAttempts('dl_2')).toHaveLength(1);
      expect(await deliveries.listAttempts('dl_missing')).toEqual([]);
    });

    it("tracks the endpoint's run of failures with the attempt: set, kept, cleared on success", async () => {
      const { deliveries, webhooks } = context.storage();
      await webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A));
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A)]);
      const failed = (second: number) => ({ succeeded: false, at: at(second) });
      // As the API reads it: the dispatcher's and worker's reads may be cached (WebhookStore).
      const failingSince = async () => (await webhooks.getWebhook(ACCOUNT_A, 'wh_1'))?.failingSince;

      expect(await deliveries.recordAttempt(result('dl_1', 1, 'pending', failed(100)))).toEqual({
        failingEndpoint: { failingSince: at(100), disabledAt: null },
      });
      expect(await deliveries.recordAttempt(result('dl_1', 2, 'pending', failed(200)))).toEqual({
        failingEndpoint: { failingSince: at(100), disabledAt: null },
      });
      expect(await failingSince()).toBe(at(100));
      // Not the endpoint's doing (never sent): the run is left as it is.
      expect(await deliveries.recordAttempt(result('dl_1', 3, 'pending'))).toEqual({});
      expect(await failingSince()).toBe(at(100));
      const success = { succeeded: true, at: at(300) };
      expect(await deliveries.recordAttempt(result('dl_1', 4, 'pending', success))).toEqual({});
      expect(await failingSince()).toBe(null);
      expect(await deliveries.recordAttempt(result('dl_1', 5, 'pending', success))).toEqual({});
      expect(await failingSince()).toBe(null);
      await webhooks.disableWebhook('wh_1', 'gone', at(450));
      expect(await deliveries.recordAttempt(result('dl_1', 6, 'failed', failed(500)))).toEqual({
        failingEndpoint: { failingSince: at(500), disabledAt: at(450) },
      });
      expect(await deliveries.listAttempts('dl_1')).toHaveLength(6);
    });

    it('tracks no endpoint when the webhook is gone', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A, { webhookId: 'wh_gone' })]);
      const failed = { succeeded: false, at: at(100) };
      expect(await deliveries.recordAttempt(result('dl_1', 1, 'pending', failed))).toEqual({});
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({ attemptCount: 1 });
    });

    it("purges the execution's variables with its last final attempt, not before", async () => {
      const { deliveries, executions } = context.storage();
      await executions.createExecution(execution('ex_1', ACCOUNT_A, { status: 'running' }));
      await executions.finishExecution(ended('ex_1'), [
        delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' }),
        delivery('dl_2', ACCOUNT_A, { executionId: 'ex_1', webhookId: 'wh_2' }),
      ]);
      const variables = async () => {
        const read = await executions.getExecution(ACCOUNT_A, 'ex_1');
        return { variables: read?.variables, variablesPurged: read?.variablesPurged };
      };
      const unpurged = { variables: ended('ex_1').variables, variablesPurged: false };

      // dl_2 is still pending: nothing goes yet.
      await deliveries.recordAttempt(result('dl_1', 1, 'succeeded'));
      expect(await variables()).toEqual(unpurged);
      // A retry is not the end of it either.
      await deliveries.recordAttempt(result('dl_2', 1, 'pending'));
      expect(await variables()).toEqual(unpurged);
      // Failed for good: the last pending delivery is done.
      await deliveries.recordAttempt(result('dl_2', 2, 'failed'));
      expect(await variables()).toEqual({ variables: PURGED, variablesPurged: true });
      // Sent again by hand and delivered: still purged, nothing else changes.
      await deliveries.requeueDelivery(ACCOUNT_A, 'dl_2', at(950));
      await deliveries.recordAttempt(result('dl_2', 3, 'succeeded'));
      expect(await variables()).toEqual({ variables: PURGED, variablesPurged: true });
    });

    it('purges an execution that ended with no delivery once a later one of it is final', async () => {
      const { deliveries, executions } = context.storage();
      await executions.createExecution(execution('ex_1', ACCOUNT_A, { status: 'running' }));
      await executions.finishExecution(ended('ex_1'), []);
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' })]);
      await deliveries.recordAttempt(
        result('dl_1', 1, 'failed', { succeeded: false, at: at(100) }),
      );
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toMatchObject({
        variables: PURGED,
        variablesPurged: true,
      });
      expect(await deliveries.getDelivery(ACCOUNT_A, 'dl_1')).toMatchObject({
        status: 'failed',
        attemptCount: 1,
      });
      expect(await deliveries.listAttempts('dl_1')).toHaveLength(1);
    });

    it("failing a disabled webhook's deliveries purges the executions it leaves with none pending", async () => {
      const { deliveries, executions } = context.storage();
      for (const id of ['ex_1', 'ex_2']) {
        await executions.createExecution(execution(id, ACCOUNT_A, { status: 'running' }));
      }
      await executions.finishExecution(ended('ex_1'), [
        delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' }),
        delivery('dl_2', ACCOUNT_A, { executionId: 'ex_1', webhookId: 'wh_2' }),
      ]);
      await executions.finishExecution(ended('ex_2'), [
        delivery('dl_3', ACCOUNT_A, { executionId: 'ex_2' }),
      ]);
      expect(await deliveries.failPendingDeliveries('wh_1', at(700))).toBe(2);
      expect(await executions.getExecution(ACCOUNT_A, 'ex_2')).toMatchObject({
        variables: { ...PURGED, '$flow.syskey.executionId': 'ex_2' },
        variablesPurged: true,
      });
      // ex_1 still waits for dl_2 (another webhook).
      expect(await executions.getExecution(ACCOUNT_A, 'ex_1')).toMatchObject({
        variables: ended('ex_1').variables,
        variablesPurged: false,
      });
      await deliveries.recordAttempt(result('dl_2', 1, 'succeeded'));
      expect((await executions.getExecution(ACCOUNT_A, 'ex_1'))?.variables).toEqual(PURGED);
    });

    it('records a final attempt whose execution is not stored', async () => {
      const { deliveries } = context.storage();
      await deliveries.enqueueDeliveries([delivery('dl_1', ACCOUNT_A, { executionId: 'ex_gone' })]);
      await deliveries.recordAttempt(result('dl_1', 1, 'succeeded'));
      expect((await deliveries.getDelivery(ACCOUNT_A, 'dl_1'))?.status).toBe('succeeded');
    });

    it('counts pending deliveries, overall and per execution', async () => {
      const { deliveries } = context.storage();
      expect(await deliveries.countPendingDeliveries()).toBe(0);
      await deliveries.enqueueDeliveries([
        delivery('dl_1', ACCOUNT_A, { executionId: 'ex_1' }),
        delivery('dl_2', ACCOUNT_B, { executionId: 'ex_1', leaseUntil: at(999) }),
        delivery('dl_3', ACCOUNT_A, { executionId: 'ex_1', status: 'failed' }),
        delivery('dl_4', ACCOUNT_A, { executionId: 'ex_2' }),
        delivery('dl_5', ACCOUNT_A, { executionId: 'ex_3', status: 'succeeded' }),
      ]);
      expect(await deliveries.countPendingDeliveries()).toBe(3);
      const pendingOf = async (accountId: string, executionId: string) =>
        (
          await deliveries.listDeliveries(
            accountId,
            { executionId, status: 'pending' },
            { limit: 10 },
          )
        ).items.map((item) => item.id);
      expect(await pendingOf(ACCOUNT_A, 'ex_1')).toEqual(['dl_1']);
      expect(await pendingOf(ACCOUNT_B, 'ex_1')).toEqual(['dl_2']);
      expect(await pendingOf(ACCOUNT_A, 'ex_3')).toEqual([]);
    });

    it('tells when the next pending delivery can be claimed', async () => {
      const { deliveries } = context.storage();
      expect(await deliveries.nextDueTime()).toBeUndefined();
      await deliveries.enqueueDeliveries([
        delivery('dl_late', ACCOUNT_A, { nextAttemptAt: at(300) }),
        delivery('dl_failed', ACCOUNT_A, { status: 'failed', nextAttemptAt: at(10) }),
        // Leased: claimable only once its lease has run out.
        delivery('dl_leased', ACCOUNT_A, { nextAttemptAt: at(20), leaseUntil: at(250) }),
      ]);
      expect(await deliveries.nextDueTime()).toBe(at(250));
      await deliveries.enqueueDeliveries([
        delivery('dl_soon', ACCOUNT_B, { nextAttemptAt: at(40) }),
      ]);
      expect(await deliveries.nextDueTime()).toBe(at(40));
    });
  });
}
