/**
 * The delivery dispatcher (SPEC §4, DESIGN §2 "durable by construction"): claims due
 * deliveries with a lease, sends them concurrently, records every attempt. A crash at any
 * instant loses nothing — an unrecorded attempt's lease runs out and it is sent again with
 * the same `webhook-id`.
 */
import type { DeliveryRecord } from '../storage/ports.js';
import { attemptDelivery } from './attempt-delivery.js';
import {
  resolveDispatcherOptions,
  type DispatcherOptions,
  type DispatcherSettings,
} from './dispatcher-options.js';
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
  const signal = createWakeSignal();
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  // A function, not the variable: `running` changes across awaits, which narrowing ignores.
  const isRunning = (): boolean => running;

  const launch = (delivery: DeliveryRecord): void => {
    const task = attemptDelivery(delivery, settings)
      .catch((error: unknown) => {
        settings.log.warn(
          { deliveryId: delivery.id, err: messageOf(error) },
          'delivery attempt not recorded; it is retried when its lease runs out',
        );
      })
      .finally(() => {
        inFlight.delete(task);
        // A freed slot (and a freed per-webhook lease) may let more deliveries be claimed.
        signal.wake();
      });
    inFlight.add(task);
  };

  const run = async (): Promise<void> => {
    while (running) {
      signal.clear();
      const free = Math.min(settings.concurrency - inFlight.size, settings.batchSize);
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
      for (const delivery of claimed) launch(delivery);
      // A full batch means more may be due right now.
      if (claimed.length === free) continue;
      if (isRunning()) await signal.sleep(await idleMs(settings));
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
