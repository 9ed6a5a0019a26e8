/**
 * The delivery dispatcher (docs/server.md, docs/architecture.md "durable by construction"): claims due
 * deliveries with a lease, sends them concurrently, records every attempt. A crash at any
 * instant loses nothing — an unrecorded attempt's lease runs out and it is sent again with
 * the same `webhook-id`.
 */
import type { DeliveryRecord, SavedWebhook } from '../storage/ports.js';
import { attemptDelivery } from './attempt-delivery.js';
import {
  resolveDispatcherOptions,
  type DispatcherOptions,
  type DispatcherSettings,
} from './dispatcher-options.js';
import { OpenedSecrets } from './opened-secrets.js';
import { createWakeSignal } from './wake-signal.js';

export interface Dispatcher {
  /** Starts the claim loop (no-op while it runs). */
  start(): void;
  /**
   * Looks for due deliveries now instead of at the end of the idle sleep: the server calls it
   * right after an execution ends, so the first attempt starts within milliseconds.
   */
  wake(): void;
  /** Stops claiming, then waits for every attempt in flight to be sent and recorded. */
  stop(): Promise<void>;
}

/** Creates a dispatcher over the given stores; nothing runs until `start()`. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const settings = resolveDispatcherOptions(options);
  const secrets = new OpenedSecrets(settings.openSecret);
  const signal = createWakeSignal();
  // Until recorded: `stop()` waits for these.
  const inFlight = new Set<Promise<void>>();
  // Attempts not yet handed to the store, in all and per webhook: they hold the slots.
  let sending = 0;
  const sendingTo = new Map<string, number>();
  let running = false;
  let loop: Promise<void> | undefined;
  // A function, not the variable: `running` changes across awaits, which narrowing ignores.
  const isRunning = (): boolean => running;

  const launch = (delivery: DeliveryRecord, webhook: Promise<SavedWebhook | undefined>): void => {
    const { webhookId } = delivery;
    sending += 1;
    sendingTo.set(webhookId, (sendingTo.get(webhookId) ?? 0) + 1);
    let holding = true;
    // Once the attempt's record is queued, a claim made now sees its lease released
    // (DeliveryStore.recordAttempt); with SQLite the claim even joins the record's commit.
    const release = (): void => {
      if (!holding) return;
      holding = false;
      sending -= 1;
      const left = (sendingTo.get(webhookId) ?? 1) - 1;
      if (left > 0) sendingTo.set(webhookId, left);
      else sendingTo.delete(webhookId);
      signal.wake();
    };
    const task = attemptDelivery(delivery, { settings, secrets, webhook, recording: release })
      .catch((error: unknown) => {
        settings.log.warn(
          { deliveryId: delivery.id, err: messageOf(error) },
          'delivery attempt not recorded; it is retried when its lease runs out',
        );
      })
      .finally(() => {
        release();
        inFlight.delete(task);
      });
    inFlight.add(task);
  };

  const run = async (): Promise<void> => {
    while (running) {
      signal.clear();
      const free = Math.min(settings.concurrency - sending, settings.batchSize);
      if (free <= 0) {
        await signal.sleep(settings.idlePollMs);
        continue;
      }
      let claimed: DeliveryRecord[];
      try {
        claimed = await settings.deliveries.claimDueDeliveries(claimRequest(settings, free));
      } catch (error) {
        settings.log.warn({ err: messageOf(error) }, 'claiming deliveries failed; retrying');
        await signal.sleep(settings.idlePollMs);
        continue;
      }
      // Claimed rows are leased to us: send them even when stopping (stop waits for them).
      // Each webhook is read once for the claim (all of its attempts start now).
      const webhooks = new Map<string, Promise<SavedWebhook | undefined>>();
      for (const delivery of claimed) {
        let webhook = webhooks.get(delivery.webhookId);
        if (webhook === undefined) {
          webhook = settings.webhooks.getWebhookById(delivery.webhookId);
          webhooks.set(delivery.webhookId, webhook);
        }
        launch(delivery, webhook);
      }
      // A full batch means more may be due right now.
      if (claimed.length === free) continue;
      if (!isRunning()) break;
      // A webhook at its cap here may have more due: its attempts wake us as they end, and
      // the next due time could only be one already past. Otherwise sleep until it.
      const capped = claimed.some(
        ({ webhookId }) => (sendingTo.get(webhookId) ?? 0) >= settings.perWebhookLimit,
      );
      await signal.sleep(capped ? settings.idlePollMs : await idleMs(settings));
    }
  };

  return {
    start() {
      if (loop !== undefined) return;
      running = true;
      loop = run();
    },
    wake() {
      signal.wake();
    },
    async stop() {
      running = false;
      signal.wake();
      await loop;
      await Promise.all([...inFlight]);
      loop = undefined;
    },
  };
}

function claimRequest(settings: DispatcherSettings, limit: number) {
  const now = settings.now();
  return {
    now: now.toISOString(),
    limit,
    leaseUntil: new Date(now.getTime() + settings.leaseMs).toISOString(),
    perWebhookLimit: settings.perWebhookLimit,
  };
}

/**
 * How long to sleep when nothing more can be claimed: until the next delivery is due, at
 * most `idlePollMs`. A delivery already due but not claimed is held back by a per-webhook
 * cap or another dispatcher's lease; a finished attempt wakes us, else the poll does.
 */
async function idleMs(settings: DispatcherSettings): Promise<number> {
  let next: string | undefined;
  try {
    next = await settings.deliveries.nextDueTime();
  } catch (error) {
    settings.log.warn({ err: messageOf(error) }, 'reading the next due time failed');
    return settings.idlePollMs;
  }
  if (next === undefined) return settings.idlePollMs;
  const dueInMs = Date.parse(next) - settings.now().getTime();
  return dueInMs > 0 ? Math.min(dueInMs, settings.idlePollMs) : settings.idlePollMs;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
