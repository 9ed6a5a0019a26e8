/** One attempt of one claimed delivery, from sending to the stored result (docs/server.md). */
import type {
  AttemptResult,
  DeliveryRecord,
  DeliveryState,
  RecordedAttempt,
  SavedWebhook,
} from '../storage/ports.js';
import { attemptOutcome, type AttemptOutcomeInput } from './attempt-outcome.js';
import { buildDeliveryRequest } from './delivery-request.js';
import type { AttemptInfo, DispatcherSettings } from './dispatcher-options.js';
import type { OpenedSecrets } from './opened-secrets.js';
import { WEBHOOK_CHECK } from './events.js';
import { sendDelivery, type SendResult } from './sender.js';

/** Reasons a webhook is disabled with (`SavedWebhook.disabledReason`). */
const DISABLED_GONE = 'gone';
const DISABLED_FAILING = 'failing';

/** What one attempt gets from its dispatcher besides the delivery. */
export interface AttemptContext {
  settings: DispatcherSettings;
  /** Opened secrets, kept between attempts. */
  secrets: OpenedSecrets;
  /** The delivery's saved webhook, read once for all deliveries of one claim. */
  webhook: Promise<SavedWebhook | undefined>;
  /** Called once the attempt's record is handed to the store: its slot is free from then. */
  recording: () => void;
}

/**
 * Sends one attempt of a leased delivery and records it: the attempt, the delivery's new
 * state (releasing the lease) and the endpoint's run of failures, in one transaction; then
 * disables the endpoint on `410 Gone` or after `disableAfterMs` of failures (docs/server.md).
 * Throws only for storage errors; the lease then runs out and the delivery is tried again
 * with the same `webhook-id`.
 */
export async function attemptDelivery(
  delivery: DeliveryRecord,
  context: AttemptContext,
): Promise<void> {
  const { settings, recording } = context;
  const startedAt = settings.now();
  const webhook = await context.webhook;
  if (webhook === undefined || webhook.disabledAt !== null) {
    await withoutEndpoint(delivery, context, webhook, startedAt);
    return;
  }
  const built = buildDeliveryRequest({
    delivery,
    webhook,
    now: startedAt,
    openSecret: context.secrets.opener(webhook.id),
  });
  if (!built.ok) {
    // A configuration problem, not the endpoint's: retried on schedule, failingSince untouched.
    const result = unsent(built.error);
    const outcome = attemptOutcome({ ...scheduleOf(delivery, settings), ...result });
    await record(delivery, settings, recording, { startedAt, result, ...outcome });
    report(settings, delivery, result, outcome.state);
    retrying(settings, delivery, outcome.state, outcome.nextAttemptAt);
    return;
  }
  const result = await sendDelivery(settings.http, built.request, {
    timeoutMs: settings.timeoutMs,
    nowMs: () => settings.now().getTime(),
    secrets: built.secrets,
    // docs/server.md "Account": the HTTPS-only rule as the attempt leaves, not only at save time.
    httpsOnly: !(await settings.allowsPlainHttp(webhook.accountId)),
  });
  const endedAt = settings.now();
  const outcome = attemptOutcome({
    status: result.status,
    succeeded: result.succeeded,
    retryAfterMs: result.retryAfterMs,
    ...scheduleOf(delivery, settings),
    now: endedAt,
  });
  const recorded = await record(delivery, settings, recording, {
    startedAt,
    result,
    state: outcome.state,
    nextAttemptAt: outcome.nextAttemptAt,
    // The endpoint's run of failures is updated in the same transaction as the attempt.
    endpoint: { succeeded: result.succeeded, at: endedAt.toISOString() },
  });
  // Only a failure counted against the endpoint can disable it.
  const disabled =
    recorded.failingEndpoint !== undefined &&
    (await disableIfDue(webhook, settings, recorded.failingEndpoint, outcome.gone));
  report(settings, delivery, result, disabled ? 'failed' : outcome.state);
  if (!disabled) retrying(settings, delivery, outcome.state, outcome.nextAttemptAt);
}

/** A retry was stored (pending, due later): `onRetry` gets the delivery as it is stored now. */
function retrying(
  settings: DispatcherSettings,
  delivery: DeliveryRecord,
  state: DeliveryState,
  nextAttemptAt: Date | null | undefined,
): void {
  if (state !== 'pending' || !nextAttemptAt || settings.onRetry === undefined) return;
  try {
    settings.onRetry({
      ...delivery,
      status: 'pending',
      attemptCount: delivery.attemptCount + 1,
      nextAttemptAt: nextAttemptAt.toISOString(),
      leaseUntil: null,
    });
  } catch (error) {
    settings.log.warn({ deliveryId: delivery.id, err: String(error) }, 'onRetry failed');
  }
}

/**
 * A delivery whose webhook is gone fails. One whose webhook is disabled (resent to it, or
 * stored just as it was disabled) goes back to wait for it, pending and not due, unsent:
 * re-enabling the webhook sends it (docs/server.md, deliveries). A check is answered.
 */
async function withoutEndpoint(
  delivery: DeliveryRecord,
  context: AttemptContext,
  webhook: SavedWebhook | undefined,
  startedAt: Date,
): Promise<void> {
  const { settings, recording } = context;
  const waits = webhook !== undefined && delivery.eventType !== WEBHOOK_CHECK;
  const reason =
    webhook === undefined
      ? 'the saved webhook no longer exists'
      : `the saved webhook is disabled (${webhook.disabledReason ?? 'disabled'})`;
  const result = unsent(waits ? `${reason}: waiting for it` : reason);
  const state = waits ? 'pending' : 'failed';
  await record(delivery, settings, recording, { startedAt, result, state, nextAttemptAt: null });
  report(settings, delivery, result, state);
}

interface Recorded {
  startedAt: Date;
  result: SendResult;
  state: DeliveryState;
  nextAttemptAt?: Date | null;
  endpoint?: AttemptResult['endpoint'];
}

/** Hands the attempt to the store, then calls `recording` (its slot is free from then on). */
function record(
  delivery: DeliveryRecord,
  settings: DispatcherSettings,
  recording: () => void,
  recorded: Recorded,
): Promise<RecordedAttempt> {
  const { result } = recorded;
  const attempt: AttemptResult = {
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
  };
  if (recorded.endpoint !== undefined) attempt.endpoint = recorded.endpoint;
  const stored = settings.deliveries.recordAttempt(attempt);
  recording();
  return stored;
}

/**
 * Disables the endpoint when docs/server.md says so: on `410 Gone`, or when it has failed for
 * `disableAfterMs` (`failingSince`, as the attempt's record left it). Its pending
 * deliveries then fail. Returns whether it was disabled.
 */
async function disableIfDue(
  webhook: SavedWebhook,
  settings: DispatcherSettings,
  failing: NonNullable<RecordedAttempt['failingEndpoint']>,
  gone: boolean,
): Promise<boolean> {
  // Already disabled by a sibling attempt.
  if (failing.disabledAt !== null) return false;
  const at = settings.now();
  const failingTooLong = at.getTime() - Date.parse(failing.failingSince) >= settings.disableAfterMs;
  if (!gone && !failingTooLong) return false;
  const reason = gone ? DISABLED_GONE : DISABLED_FAILING;
  await settings.webhooks.disableWebhook(webhook.id, reason, at.toISOString());
  const failed = await settings.deliveries.failPendingDeliveries(webhook.id, at.toISOString());
  settings.log.info(
    { webhookId: webhook.id, reason, failedDeliveries: failed },
    'webhook disabled',
  );
  return true;
}

/**
 * The schedule inputs of this delivery's next attempt, as of now. A `webhook.check` is one
 * attempt, answered to its caller: never retried (docs/server.md, saved webhooks).
 */
function scheduleOf(
  delivery: DeliveryRecord,
  settings: DispatcherSettings,
): Omit<AttemptOutcomeInput, 'status' | 'succeeded'> {
  return {
    attemptsMade: delivery.attemptCount + 1,
    schedule: delivery.eventType === WEBHOOK_CHECK ? [] : settings.schedule,
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
