/**
 * A dispatcher wired to a store, a frozen clock and a loopback HTTP client, for dispatcher
 * tests. The store is passed in (tests use createMemoryStorage), so this file depends on the
 * storage ports only.
 */
import type { HttpClient } from '../../http-client/index.js';
import type {
  DeliveryAttempt,
  DeliveryRecord,
  SavedWebhook,
  Storage,
} from '../../storage/ports.js';
import type { AttemptInfo, DispatcherOptions } from '../dispatcher-options.js';
import { createDispatcher, type Dispatcher } from '../dispatcher.js';
import { event } from '../events.js';
import { newDelivery } from '../new-delivery.js';
import { generateSigningSecret } from '../signer.js';

export const ACCOUNT_ID = 'acc_test';

/** Sealing in tests: visibly different from the clear value, so an unopened secret shows. */
export const seal = (clear: string): string => `sealed:${clear}`;
const openSecret = (sealed: string): string => {
  if (!sealed.startsWith('sealed:')) throw new Error('not a sealed value');
  return sealed.slice('sealed:'.length);
};

export interface Harness {
  storage: Pick<Storage, 'deliveries' | 'webhooks'>;
  dispatcher: Dispatcher;
  /** What onAttempt reported, in order. */
  reported: AttemptInfo[];
  now(): Date;
  advance(ms: number): void;
  /** Saves a webhook with one fresh signing secret (its clear value goes in `secrets`). */
  addWebhook(url: string, overrides?: Partial<SavedWebhook>): Promise<SavedWebhook>;
  /** Enqueues a pending delivery, due now unless `dueInMs` says later. */
  addDelivery(
    webhookId: string,
    options?: { data?: unknown; dueInMs?: number; type?: string },
  ): Promise<DeliveryRecord>;
  delivery(id: string): Promise<DeliveryRecord>;
  attempts(id: string): Promise<DeliveryAttempt[]>;
  /** The clear signing secret of each webhook added. */
  secrets: Map<string, string>;
}

let sequence = 0;

export function createHarness(
  storage: Pick<Storage, 'deliveries' | 'webhooks'>,
  http: HttpClient,
  overrides: Partial<DispatcherOptions> = {},
): Harness {
  // Frozen at the real time (receivers verify signatures against Date.now), moved by hand.
  let nowMs = Math.floor(Date.now() / 1000) * 1000;
  const now = (): Date => new Date(nowMs);
  const reported: AttemptInfo[] = [];
  const secrets = new Map<string, string>();
  const dispatcher = createDispatcher({
    deliveries: storage.deliveries,
    webhooks: storage.webhooks,
    http,
    openSecret,
    now,
    random: () => 0.5,
    schedule: [0, 0, 0],
    idlePollMs: 10,
    onAttempt: (info) => reported.push(info),
    ...overrides,
  });
  return {
    storage,
    dispatcher,
    reported,
    now,
    secrets,
    advance: (ms) => {
      nowMs += ms;
    },
    addWebhook: async (url, webhookOverrides = {}) => {
      sequence += 1;
      const secret = generateSigningSecret();
      const at = now().toISOString();
      const webhook: SavedWebhook = {
        id: `wh_${sequence}`,
        accountId: ACCOUNT_ID,
        name: `hook ${sequence}`,
        url,
        method: 'POST',
        auth: {},
        headers: [],
        bodyType: 'json',
        isDefault: false,
        signingSecrets: [{ sealed: seal(secret), createdAt: at }],
        disabledAt: null,
        disabledReason: null,
        failingSince: null,
        createdAt: at,
        updatedAt: at,
        ...webhookOverrides,
      };
      secrets.set(webhook.id, secret);
      await storage.webhooks.saveWebhook(webhook);
      return webhook;
    },
    addDelivery: async (webhookId, options = {}) => {
      sequence += 1;
      const built = newDelivery({
        id: `dlv_${sequence}`,
        accountId: ACCOUNT_ID,
        webhook: { id: webhookId, disabledAt: null },
        event: event(
          options.type ?? 'test.event',
          options.data ?? { n: sequence },
          now().toISOString(),
        ),
        now: now(),
        firstAttemptAt: new Date(nowMs + (options.dueInMs ?? 0)),
      });
      await storage.deliveries.enqueueDeliveries([built]);
      return built;
    },
    delivery: async (id) => {
      const found = await storage.deliveries.getDelivery(ACCOUNT_ID, id);
      if (found === undefined) throw new Error(`no delivery ${id}`);
      return found;
    },
    attempts: (id) => storage.deliveries.listAttempts(id),
  };
}
