import { keepPersistedVariables } from '../../flow/index.js';
import type { AttemptResult, DeliveryRecord, RecordedAttempt } from '../ports.js';
import { conflict, copy, type MemoryState } from './state.js';

/** Refuses a batch that would duplicate a delivery id, before anything is written. */
export function checkNewDeliveries(
  state: MemoryState,
  deliveries: readonly DeliveryRecord[],
): void {
  const ids = new Set<string>();
  for (const delivery of deliveries) {
    if (state.deliveries.has(delivery.id) || ids.has(delivery.id)) {
      throw conflict(`delivery ${delivery.id}`);
    }
    ids.add(delivery.id);
  }
}

/** Stores a checked batch (see `checkNewDeliveries`). */
export function insertDeliveries(state: MemoryState, deliveries: readonly DeliveryRecord[]): void {
  for (const delivery of deliveries) {
    state.deliveries.set(delivery.id, copy(delivery));
    state.attempts.set(delivery.id, []);
  }
}

/**
 * Marks a webhook's pending deliveries failed and purges the executions that leaves with
 * nothing pending; returns how many.
 */
export function failPending(state: MemoryState, webhookId: string, at: string): number {
  const executions = new Set<string>();
  let count = 0;
  for (const delivery of state.deliveries.values()) {
    if (delivery.webhookId === webhookId && delivery.status === 'pending') {
      Object.assign(delivery, { status: 'failed', nextAttemptAt: null, leaseUntil: null });
      delivery.updatedAt = at;
      if (delivery.executionId !== null) executions.add(delivery.executionId);
      count += 1;
    }
  }
  for (const executionId of executions) purgeWhenSettled(state, executionId);
  return count;
}

/**
 * Stores an attempt, the delivery's new state (lease released), the endpoint's run of
 * failures and, once nothing of its execution is pending, the privacy purge
 * (`DeliveryStore.recordAttempt`). Checks first, so a refusal changes nothing.
 */
export function recordAttempt(state: MemoryState, result: AttemptResult): RecordedAttempt {
  const { attempt, status, nextAttemptAt, endpoint } = result;
  const delivery = state.deliveries.get(attempt.deliveryId);
  if (!delivery) throw new Error(`no delivery ${attempt.deliveryId}`);
  state.attempts.get(delivery.id)?.push(copy(attempt));
  delivery.status = status;
  delivery.attemptCount = Math.max(delivery.attemptCount, attempt.attempt);
  delivery.nextAttemptAt = nextAttemptAt;
  delivery.leaseUntil = null;
  delivery.updatedAt = attempt.startedAt;
  if (status !== 'pending' && delivery.executionId !== null) {
    purgeWhenSettled(state, delivery.executionId);
  }
  const webhook = endpoint && state.webhooks.get(delivery.webhookId);
  if (!endpoint || !webhook) return {};
  if (endpoint.succeeded) {
    webhook.failingSince = null;
    return {};
  }
  webhook.failingSince ??= endpoint.at;
  return {
    failingEndpoint: { failingSince: webhook.failingSince, disabledAt: webhook.disabledAt },
  };
}

/** docs/webhook-widget.md: with no delivery of the execution pending, only persisted flow variables stay. */
function purgeWhenSettled(state: MemoryState, executionId: string): void {
  for (const delivery of state.deliveries.values()) {
    if (delivery.executionId === executionId && delivery.status === 'pending') return;
  }
  const execution = state.executions.get(executionId);
  if (!execution || execution.variablesPurged) return;
  execution.variables = keepPersistedVariables(execution.variables, execution.persisted);
  execution.variablesPurged = true;
}
