/** One attempt of one claimed delivery, from sending to the stored result (SPEC §4). */
import type { DeliveryRecord, DeliveryState, SavedWebhook } from '../storage/ports.js';
import { attemptOutcome, type AttemptOutcomeInput } from './attempt-outcome.js';
import { buildDeliveryRequest } from './delivery-request.js';
import type { AttemptInfo, DispatcherSettings } from './dispatcher-options.js';
import { sendDelivery, type SendResult } from './sender.js';

/** Reasons a webhook is disabled with (`SavedWebhook.disabledReason`). */
export const DISABLED_GONE = 'gone';
export const DISABLED_FAILING = 'failing';

/**
 * Sends one attempt of a leased delivery and records it: the attempt, the delivery's new
 * state (releasing the lease), then the endpoint's run of failures — disabling it on
 * `410 Gone` or after `disableAfterMs` of failures (SPEC §4). Throws only for storage errors;
 * the lease then runs out and the delivery is tried again with the same `webhook-id`.
 */
export async function attemptDelivery(
  delivery: DeliveryRecord,
  settings: DispatcherSettings,
): Promise<void> {
  const startedAt = settings.now();
  const webhook = await settings.webhooks.getWebhookById(delivery.webhookId);
  if (webhook === undefined || webhook.disabledAt !== null) {
    const error =
      webhook === undefined
        ? 'the saved webhook no longer exists'
        : `the saved webhook is disabled (${webhook.disabledReason ?? 'disabled'})`;
    const result = unsent(error);
    await record(delivery, settings, { startedAt, result, state: 'failed' });
    report(settings, delivery, result, 'failed');
    return;
  }
  const built = buildDeliveryRequest({
    delivery,
    webhook,
    now: startedAt,
    openSecret: settings.openSecret,
  });
  if (!built.ok) {
    // A configuration problem, not the endpoint's: retried on schedule, failingSince untouched.
    const result = unsent(built.error);
    const outcome = attemptOutcome({ ...scheduleOf(delivery, settings), ...result });
    await record(delivery, settings, { startedAt, result, ...outcome });
    report(settings, delivery, result, outcome.state);
    return;
  }
  const result = await sendDelivery(settings.http, built.request, {
    timeoutMs: settings.timeoutMs,
    nowMs: () => settings.now().getTime(),
    secrets: built.secrets,
  });
  const outcome = attemptOutcome({ ...scheduleOf(delivery, settings), ...result });
  await record(delivery, settings, { startedAt, result, ...outcome });
  const disabled = await trackEndpoint(webhook, settings, {
    succeeded: result.succeeded,
    gone: outcome.gone,
  });
  report(settings, delivery, result, disabled ? 'failed' : outcome.state);
}

interface Recorded {
  startedAt: Date;
  result: SendResult;
  state: DeliveryState;
  nextAttemptAt?: Date | null;
}

async function record(
  delivery: DeliveryRecord,
  settings: DispatcherSettings,
  recorded: Recorded,
): Promise<void> {
  const { result } = recorded;
  await settings.deliveries.recordAttempt({
    attempt: {
      deliveryId: delivery.id,
      attempt: delivery.attemptCount + 1,
      startedAt: recorded.startedAt.toISOString(),
      status: result.status,
      latencyMs: result.latencyMs,
      error: result.error,
      remoteAddress: result.remoteAddress,
      responseExcerpt: result.responseExcerpt,
    },
    status: recorded.state,
    nextAttemptAt: recorded.nextAttemptAt?.toISOString() ?? null,
  });
}

/**
 * Updates the endpoint's run of failures and disables it when SPEC §4 says so: on
 * `410 Gone`, or when it has failed for `disableAfterMs`. Its pending deliveries then fail.
 * Returns whether it was disabled.
 */
async function trackEndpoint(
  webhook: SavedWebhook,
  settings: DispatcherSettings,
  attempt: { succeeded: boolean; gone: boolean },
): Promise<boolean> {
  const at = settings.now();
  const updated = await settings.webhooks.recordEndpointOutcome(
    webhook.id,
    attempt.succeeded,
    at.toISOString(),
  );
  // Deleted while the attempt was in flight, or already disabled by a sibling attempt.
  if (updated === undefined || updated.disabledAt !== null) return false;
  const { failingSince } = updated;
  const failingTooLong =
    !attempt.succeeded &&
    failingSince !== null &&
    at.getTime() - Date.parse(failingSince) >= settings.disableAfterMs;
  if (!attempt.gone && !failingTooLong) return false;
  const reason = attempt.gone ? DISABLED_GONE : DISABLED_FAILING;
  await settings.webhooks.disableWebhook(webhook.id, reason, at.toISOString());
  const failed = await settings.deliveries.failPendingDeliveries(webhook.id, at.toISOString());
  settings.log.info(
    { webhookId: webhook.id, reason, failedDeliveries: failed },
    'webhook disabled',
  );
  return true;
}

/** The schedule inputs of this delivery's next attempt, as of now. */
function scheduleOf(
  delivery: DeliveryRecord,
  settings: DispatcherSettings,
): Omit<AttemptOutcomeInput, 'status' | 'succeeded'> {
  return {
    attemptsMade: delivery.attemptCount + 1,
    schedule: settings.schedule,
    random: settings.random,
    now: settings.now(),
  };
}

/** An attempt that was never sent. */
function unsent(error: string): SendResult {
  return {
    status: 0,
    latencyMs: 0,
    error,
    remoteAddress: null,
    responseExcerpt: null,
    succeeded: false,
  };
}

function report(
  settings: DispatcherSettings,
  delivery: DeliveryRecord,
  result: SendResult,
  state: DeliveryState,
): void {
  const outcome: AttemptInfo['outcome'] = state === 'pending' ? 'retrying' : state;
  try {
    settings.onAttempt?.({
      outcome,
      latencyMs: result.latencyMs,
      webhookId: delivery.webhookId,
      deliveryId: delivery.id,
      executionId: delivery.executionId,
      eventType: delivery.eventType,
    });
  } catch (error) {
    // Metrics never fail a delivery that is already recorded.
    settings.log.warn({ err: String(error) }, 'the onAttempt callback threw');
  }
}
