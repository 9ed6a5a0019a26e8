/**
 * Row caches for a store shared by several processes (scale-out mode, docs/adr/0009-queue-and-signals.md
 * "Caches"): what every API request reads, the account of an API key, a flow's latest
 * version and a trigger token's resolution, and what every execution's end and delivery
 * attempt reads, the account's saved webhooks, kept for a few seconds in each process
 * instead of read from PostgreSQL every time.
 *
 * Kept correct in two ways. A change made through this store drops what it touches here at
 * once and is announced with `onChange` (ids only), which the other processes hand to their
 * `drop` (a Signal). A lost announcement (Redis restarting, a change made by the CLI) is
 * bounded by `ttlMs`: no entry is used longer than that after it was read. Unknown keys,
 * tokens, flows and webhook ids or names are never kept (guesses would fill the cache, and a
 * new key, trigger or flow works everywhere at once). The one absence kept is an account's
 * having no default webhook (one entry per account, read by every execution's end): creating
 * one drops it like any webhook change.
 */
import type {
  Account,
  AccountStore,
  ApiKeyRecord,
  FlowStore,
  FlowVersion,
  ResolvedTrigger,
  SavedWebhook,
  Storage,
  TriggerStore,
  WebhookStore,
} from '../ports.js';
import { TtlLru } from './ttl-lru.js';

/**
 * What changed: an account (its settings, keys or saved webhooks), or one of its flows
 * (versions, triggers).
 */
export interface StoreChange {
  accountId: string;
  /** Set: only this flow and its triggers changed. */
  flowId?: string;
}

/** How long a cached row is used at most (docs/adr/0009-queue-and-signals.md "Caches"). */
export const CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
/** Latest flow versions hold whole documents: fewer of them (FlowCache keeps 512 too). */
const MAX_FLOWS = 512;

export interface StoreCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  maxFlows?: number;
  /** Milliseconds on a monotonic clock (default `performance.now`). */
  now?: () => number;
  /** A change was written through this store (after it committed): tell the other processes. */
  onChange?: (change: StoreChange) => void;
}

export interface StoreCaches {
  /** The store with its account, API key, latest flow, trigger and webhook reads cached. */
  storage: Storage;
  /** Another process changed this: its entries go (the next read goes to the store). */
  drop(change: StoreChange): void;
  /** Announcements may have been missed (Redis was away): every entry goes. */
  dropAll(): void;
}

/** Shared between callers, so nobody may change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A saved webhook read by id, by name or as the account's default; `webhook` undefined only
 * for an account with no default webhook (the absence kept). `accountId` lets an account's
 * drop find it either way.
 */
interface WebhookEntry {
  accountId: string;
  webhook: SavedWebhook | undefined;
}

/** The caches of one process, and how reads fill them and changes empty them. */
class RowCaches {
  readonly keys: TtlLru<ApiKeyRecord>;
  readonly accounts: TtlLru<Account>;
  readonly flows: TtlLru<FlowVersion>;
  readonly triggers: TtlLru<ResolvedTrigger>;
  /** Keys `id/<webhook id>`, `name/<account id>/<name>`, `default/<account id>`. */
  readonly webhooks: TtlLru<WebhookEntry>;
  readonly #now: () => number;
  readonly #onChange: ((change: StoreChange) => void) | undefined;
  // Bumped by every drop: a read that began before a drop may hold what was dropped, so it
  // is answered but not kept.
  #epoch = 0;

  constructor(options: StoreCacheOptions) {
    const now = options.now ?? (() => performance.now());
    const ttlMs = options.ttlMs ?? CACHE_TTL_MS;
    const max = options.maxEntries ?? MAX_ENTRIES;
    this.keys = new TtlLru(max, ttlMs, now);
    this.accounts = new TtlLru(max, ttlMs, now);
    this.flows = new TtlLru(options.maxFlows ?? MAX_FLOWS, ttlMs, now);
    this.triggers = new TtlLru(max, ttlMs, now);
    this.webhooks = new TtlLru(max, ttlMs, now);
    this.#now = now;
    this.#onChange = options.onChange;
  }

  /** `keep`: whether a value read may be kept (default: any found). */
  async read<V>(
    cache: TtlLru<V>,
    key: string,
    load: () => Promise<V | undefined>,
    keep: (value: V) => boolean = () => true,
  ): Promise<V | undefined> {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const [began, readAt] = [this.#epoch, this.#now()];
    const value = await load();
    if (value === undefined) return undefined;
    const frozen = deepFreeze(value);
    if (began === this.#epoch && keep(frozen)) cache.set(key, frozen, readAt);
    return frozen;
  }

  drop(change: StoreChange): void {
    this.#epoch += 1;
    const { accountId, flowId } = change;
    if (flowId === undefined) {
      this.accounts.deleteWhere((account) => account.id === accountId);
      this.keys.deleteWhere((key) => key.accountId === accountId);
      this.flows.deleteWhere((flow) => flow.accountId === accountId);
      this.triggers.deleteWhere((resolved) => resolved.account.id === accountId);
      this.webhooks.deleteWhere((entry) => entry.accountId === accountId);
      return;
    }
    this.flows.deleteWhere((flow) => flow.accountId === accountId && flow.id === flowId);
    this.triggers.deleteWhere(
      ({ trigger }) => trigger.accountId === accountId && trigger.flowId === flowId,
    );
  }

  /** Written through this store and committed: dropped here, announced to the others. */
  changed(change: StoreChange): void {
    this.drop(change);
    this.#onChange?.(change);
  }

  dropAll(): void {
    this.#epoch += 1;
    for (const cache of [this.keys, this.accounts, this.flows, this.triggers, this.webhooks]) {
      cache.clear();
    }
  }

  /** Every flow dropped here (versions rewritten in place at start: nothing to announce). */
  dropFlows(): void {
    this.#epoch += 1;
    this.flows.clear();
  }
}

/**
 * Saved webhooks as the worker (`WebhookService.deliveryOf`: the default or a named one, for
 * every execution's end), the dispatcher (`getWebhookById`, per claim) and widgets read them.
 * The API's reads (`getWebhook`, `listWebhooks`) go to the store: users read the truth, and
 * the service's updates start from it. Every write through here drops the account's webhooks
 * and announces `{ accountId }`. A failed or succeeded attempt rewrites the row's
 * `failingSince` (DeliveryStore.recordAttempt) without a drop: no cached read decides on it
 * (the dispatcher's disabling reads the run of failures from the attempt's own transaction).
 *
 * A disabled webhook is not kept. A delivery stored or claimed while its webhook is disabled
 * waits for it, and only re-enabling it releases waiting deliveries
 * (`releaseWaitingDeliveries`): a process seeing it still disabled after it was re-enabled
 * elsewhere would leave a delivery waiting for good, not for a TTL.
 */
function cachedWebhooks(w: WebhookStore, caches: RowCaches): WebhookStore {
  const found = (webhook: SavedWebhook | undefined): WebhookEntry | undefined =>
    webhook && { accountId: webhook.accountId, webhook };
  const enabled = ({ webhook }: WebhookEntry) =>
    webhook === undefined || webhook.disabledAt === null;
  const read = async (key: string, load: () => Promise<WebhookEntry | undefined>) =>
    (await caches.read(caches.webhooks, key, load, enabled))?.webhook;
  return {
    saveWebhook: async (webhook) => {
      await w.saveWebhook(webhook);
      caches.changed({ accountId: webhook.accountId });
    },
    getWebhook: (accountId, webhookId) => w.getWebhook(accountId, webhookId),
    getWebhookByName: (accountId, name) =>
      read(`name/${accountId}/${name}`, async () =>
        found(await w.getWebhookByName(accountId, name)),
      ),
    getDefaultWebhook: (accountId) =>
      read(`default/${accountId}`, async () => ({
        accountId,
        webhook: await w.getDefaultWebhook(accountId),
      })),
    listWebhooks: (accountId, page) => w.listWebhooks(accountId, page),
    deleteWebhook: async (accountId, webhookId) => {
      const deleted = await w.deleteWebhook(accountId, webhookId);
      if (deleted) caches.changed({ accountId });
      return deleted;
    },
    getWebhookById: (webhookId) =>
      read(`id/${webhookId}`, async () => found(await w.getWebhookById(webhookId))),
    disableWebhook: async (webhookId, reason, at) => {
      // The dispatcher read this webhook for the attempt that disables it: its account is
      // usually cached. A webhook's account never changes, so an entry past its TTL would do
      // too, but it is gone by then: read from the store (disabling is rare).
      const accountId =
        caches.webhooks.get(`id/${webhookId}`)?.accountId ??
        (await w.getWebhookById(webhookId))?.accountId;
      await w.disableWebhook(webhookId, reason, at);
      // Unknown: there was no such webhook (deleted, and that was announced).
      if (accountId !== undefined) caches.changed({ accountId });
    },
  };
}

function cachedAccounts(a: AccountStore, caches: RowCaches): AccountStore {
  return {
    createAccount: (account) => a.createAccount(account),
    getAccount: (accountId) =>
      caches.read(caches.accounts, accountId, () => a.getAccount(accountId)),
    listAccounts: () => a.listAccounts(),
    updateAccountSettings: async (accountId, settings) => {
      const updated = await a.updateAccountSettings(accountId, settings);
      if (updated) caches.changed({ accountId });
      return updated;
    },
    addApiKey: (key) => a.addApiKey(key),
    findApiKeyByHash: (hash) => caches.read(caches.keys, hash, () => a.findApiKeyByHash(hash)),
    listApiKeys: (accountId) => a.listApiKeys(accountId),
    revokeApiKey: async (accountId, keyId, revokedAt) => {
      const revoked = await a.revokeApiKey(accountId, keyId, revokedAt);
      if (revoked) caches.changed({ accountId });
      return revoked;
    },
    // Sessions are not cached: signing out and a revoked key end them at once.
    createSession: (session) => a.createSession(session),
    findSession: (hash) => a.findSession(hash),
    deleteSession: (hash) => a.deleteSession(hash),
  };
}

function cachedFlows(f: FlowStore, caches: RowCaches): FlowStore {
  return {
    createFlow: (flow) => f.createFlow(flow),
    addFlowVersion: async (version) => {
      const saved = await f.addFlowVersion(version);
      if (saved) caches.changed({ accountId: saved.accountId, flowId: saved.id });
      return saved;
    },
    getFlow: (accountId, flowId, version) =>
      version === undefined
        ? caches.read(caches.flows, `${accountId}/${flowId}`, () => f.getFlow(accountId, flowId))
        : f.getFlow(accountId, flowId, version),
    getFlowVersionForExecution: (flowId, version) => f.getFlowVersionForExecution(flowId, version),
    listFlows: (accountId, page) => f.listFlows(accountId, page),
    listFlowVersions: (accountId, flowId, page) => f.listFlowVersions(accountId, flowId, page),
    deleteFlow: async (accountId, flowId, deletedAt) => {
      const deleted = await f.deleteFlow(accountId, flowId, deletedAt);
      if (deleted) caches.changed({ accountId, flowId });
      return deleted;
    },
    sealClearFlowVersions: async (seal) => {
      const sealed = await f.sealClearFlowVersions(seal);
      caches.dropFlows();
      return sealed;
    },
  };
}

function cachedTriggers(t: TriggerStore, caches: RowCaches): TriggerStore {
  return {
    saveTrigger: (trigger) => t.saveTrigger(trigger),
    resolveTrigger: (tokenHash) =>
      caches.read(caches.triggers, tokenHash, () => t.resolveTrigger(tokenHash)),
    revokeTriggers: async (accountId, flowId, revokedAt) => {
      const revoked = await t.revokeTriggers(accountId, flowId, revokedAt);
      if (revoked > 0) caches.changed({ accountId, flowId });
      return revoked;
    },
  };
}

/** Wraps `storage`'s account, flow, trigger and webhook ports with caches; the others as they are. */
export function createStoreCaches(storage: Storage, options: StoreCacheOptions = {}): StoreCaches {
  const caches = new RowCaches(options);
  return {
    storage: {
      accounts: cachedAccounts(storage.accounts, caches),
      flows: cachedFlows(storage.flows, caches),
      executions: storage.executions,
      webhooks: cachedWebhooks(storage.webhooks, caches),
      deliveries: storage.deliveries,
      contacts: storage.contacts,
      triggers: cachedTriggers(storage.triggers, caches),
      shortLinks: storage.shortLinks,
      agents: storage.agents,
      retention: storage.retention,
      close: () => storage.close(),
    },
    drop: (change) => {
      caches.drop(change);
    },
    dropAll: () => {
      caches.dropAll();
    },
  };
}
