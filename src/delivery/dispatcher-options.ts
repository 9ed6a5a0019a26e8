/** The dispatcher's ports and knobs, and their defaults. */
import type { HttpClient } from '../http-client/index.js';
import type { DeliveryRecord, DeliveryStore, WebhookStore } from '../storage/ports.js';
import { DELIVERY_TIMEOUT_MS } from './sender.js';

/** What one attempt ended as, for metrics. */
export interface AttemptInfo {
  outcome: 'succeeded' | 'retrying' | 'failed';
  latencyMs: number;
  webhookId: string;
  deliveryId: string;
  /** The execution whose end caused the delivery, if any (its variables wait for this). */
  executionId: string | null;
  eventType: string;
}

/** pino-compatible. */
export interface DispatcherLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  deliveries: DeliveryStore;
  webhooks: WebhookStore;
  /** Created with `maxRedirects: 0` (docs/server.md: no redirect following). */
  http: HttpClient;
  /**
   * Whether the account lets its requests use plain http:// (docs/server.md "Account"). Read
   * for each attempt, so a change of the setting applies to deliveries already stored.
   * Default: never (HTTPS-only; operator allow-listed hosts are exempt).
   */
  allowsPlainHttp?: (accountId: string) => Promise<boolean>;
  /** Decrypts a stored signing secret or sealed auth field. */
  openSecret: (sealed: string) => string;
  now: () => Date;
  random: () => number;
  /** Seconds before each attempt (DEFAULT_RETRY_SCHEDULE_SECONDS or HOOKLINE_RETRY_SCHEDULE). */
  schedule: readonly number[];
  /** Attempts in flight per webhook, across every dispatcher sharing the store. Default 16. */
  perWebhookLimit?: number;
  /** Attempts in flight in this dispatcher. Default 128. */
  concurrency?: number;
  /** Most deliveries claimed at once. Default 64. */
  batchSize?: number;
  /** How long a claim holds; must exceed `timeoutMs`. Default 60 s. */
  leaseMs?: number;
  /** Longest idle sleep between looks at the store. Default 1 s. */
  idlePollMs?: number;
  /** docs/server.md: an endpoint failing for this long is disabled. Default 5 days. */
  disableAfterMs?: number;
  /** Time limit of one attempt. Default 15 s (docs/server.md); tests shorten it. */
  timeoutMs?: number;
  onAttempt?: (info: AttemptInfo) => void;
  /**
   * A failed attempt is stored with a retry due at `nextAttemptAt` (the delivery as stored:
   * pending, `attemptCount` the attempts made). Scale-out mode enqueues a delayed job for it
   * (docs/adr/0009-queue-and-signals.md).
   */
  onRetry?: (delivery: DeliveryRecord) => void;
  log?: DispatcherLog;
}

export type DispatcherSettings = Required<
  Omit<DispatcherOptions, 'onAttempt' | 'onRetry' | 'log'>
> &
  Pick<DispatcherOptions, 'onAttempt' | 'onRetry'> & { log: DispatcherLog };

const FIVE_DAYS_MS = 5 * 24 * 60 * 60 * 1000;

const neverPlainHttp = (): Promise<boolean> => Promise.resolve(false);

const silent: DispatcherLog = { info: () => undefined, warn: () => undefined };

/** The options with defaults filled in; a setting that cannot work throws (a wiring bug). */
export function resolveDispatcherOptions(options: DispatcherOptions): DispatcherSettings {
  const settings: DispatcherSettings = {
    ...options,
    allowsPlainHttp: options.allowsPlainHttp ?? neverPlainHttp,
    perWebhookLimit: options.perWebhookLimit ?? 16,
    concurrency: options.concurrency ?? 128,
    batchSize: options.batchSize ?? 64,
    leaseMs: options.leaseMs ?? 60_000,
    idlePollMs: options.idlePollMs ?? 1000,
    disableAfterMs: options.disableAfterMs ?? FIVE_DAYS_MS,
    timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS,
    log: options.log ?? silent,
  };
  for (const name of ['perWebhookLimit', 'concurrency', 'batchSize', 'idlePollMs'] as const) {
    if (!(settings[name] >= 1)) throw new RangeError(`dispatcher ${name} must be at least 1`);
  }
  // A lease that ran out mid-send would let another dispatcher send the same attempt again.
  if (!(settings.leaseMs > settings.timeoutMs)) {
    throw new RangeError('dispatcher leaseMs must be longer than timeoutMs');
  }
  return settings;
}
