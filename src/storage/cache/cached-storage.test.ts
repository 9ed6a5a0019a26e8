import { beforeEach, describe, expect, it } from 'vitest';
import { describeStorageContract } from '../contract/index.js';
import {
  account,
  ACCOUNT_A,
  ACCOUNT_B,
  apiKey,
  at,
  delivery,
  flow,
  flowDocument,
  webhook,
} from '../contract/fixtures.js';
import { createMemoryStorage } from '../memory/index.js';
import type { Storage, WebhookStore } from '../ports.js';
import { createStoreCaches, type StoreCaches, type StoreChange } from './cached-storage.js';

// Used by one process alone, the cached store behaves as the store it wraps.
describeStorageContract('cached (memory)', () =>
  Promise.resolve({
    storage: createStoreCaches(createMemoryStorage()).storage,
    cleanup: () => Promise.resolve(),
  }),
);

const TTL = 5_000;

/** `read`, its answer held back until `release()`: a read still under way while others write. */
function heldBack<A extends unknown[], R>(read: (...args: A) => Promise<R>) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    read: async (...args: A): Promise<R> => {
      const before = await read(...args);
      await gate;
      return before;
    },
    release: () => {
      release();
    },
  };
}

describe('store caches', () => {
  // `shared` is the database; `other` is another process writing to it with no signal.
  let shared: Storage;
  let caches: StoreCaches;
  let cached: Storage;
  let clock: number;
  let changes: StoreChange[];
  let reads: number;
  /** Store reads of the webhook port, by method. */
  let webhookReads: Record<string, number>;

  beforeEach(async () => {
    shared = createMemoryStorage();
    clock = 0;
    changes = [];
    reads = 0;
    webhookReads = {};
    const count = <A extends unknown[], R>(name: string, read: (...args: A) => R) => {
      return (...args: A): R => {
        webhookReads[name] = (webhookReads[name] ?? 0) + 1;
        return read(...args);
      };
    };
    const w = shared.webhooks;
    const webhooks: WebhookStore = {
      ...w,
      getDefaultWebhook: count('default', (id: string) => w.getDefaultWebhook(id)),
      getWebhookById: count('id', (id: string) => w.getWebhookById(id)),
      getWebhookByName: count('name', (id: string, name: string) => w.getWebhookByName(id, name)),
      getWebhook: count('api', (id: string, hookId: string) => w.getWebhook(id, hookId)),
    };
    const counted: Storage = {
      ...shared,
      webhooks,
      accounts: {
        ...shared.accounts,
        findApiKeyByHash: (hash) => {
          reads += 1;
          return shared.accounts.findApiKeyByHash(hash);
        },
      },
    };
    caches = createStoreCaches(counted, {
      ttlMs: TTL,
      maxEntries: 3,
      now: () => clock,
      onChange: (change) => changes.push(change),
    });
    cached = caches.storage;
    await shared.accounts.createAccount(account(ACCOUNT_A));
    await shared.accounts.createAccount(account(ACCOUNT_B));
    await shared.accounts.addApiKey(apiKey('key_a', ACCOUNT_A, 'hash_a'));
    await shared.flows.createFlow(flow('flow_1', ACCOUNT_A));
    await shared.triggers.saveTrigger({
      tokenHash: 'token_1',
      accountId: ACCOUNT_A,
      flowId: 'flow_1',
      createdAt: at(11),
      revokedAt: null,
    });
  });

  const key = (hash = 'hash_a') => cached.accounts.findApiKeyByHash(hash);

  it('reads a key once, then from the cache until the TTL is over', async () => {
    expect((await key())?.id).toBe('key_a');
    expect((await key())?.id).toBe('key_a');
    expect(reads).toBe(1);
    clock = TTL - 1;
    await key();
    expect(reads).toBe(1);
    clock = TTL;
    await key();
    expect(reads).toBe(2);
  });

  it('sees another process’s revocation once the signal drops it, or after the TTL without one', async () => {
    await key();
    await shared.accounts.revokeApiKey(ACCOUNT_A, 'key_a', at(30));
    // No signal yet: the entry is still used (the bound is the TTL).
    expect(await key()).toBeDefined();
    caches.drop({ accountId: ACCOUNT_A });
    expect(await key()).toBeUndefined();

    await shared.accounts.addApiKey(apiKey('key_a2', ACCOUNT_A, 'hash_a2'));
    await key('hash_a2');
    await shared.accounts.revokeApiKey(ACCOUNT_A, 'key_a2', at(31));
    clock = TTL - 1;
    expect(await key('hash_a2')).toBeDefined();
    clock = TTL;
    expect(await key('hash_a2')).toBeUndefined();
  });

  it('drops every entry when announcements may have been missed', async () => {
    await key();
    expect((await cached.flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(1);
    await shared.accounts.revokeApiKey(ACCOUNT_A, 'key_a', at(30));
    const { document } = flow('flow_1', ACCOUNT_A);
    await shared.flows.addFlowVersion({
      id: 'flow_1',
      accountId: ACCOUNT_A,
      document,
      createdAt: at(12),
    });
    expect(await key()).toBeDefined();
    caches.dropAll();
    expect(await key()).toBeUndefined();
    expect((await cached.flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(2);
    expect(reads).toBe(2);
  });

  it('a change made through it is seen here at once and announced with ids only', async () => {
    await key();
    expect((await cached.accounts.getAccount(ACCOUNT_A))?.settings.allowPlainHttp).toBe(false);
    const settings = { allowPlainHttp: true, apiIpAllowList: [] };
    await cached.accounts.updateAccountSettings(ACCOUNT_A, settings);
    expect((await cached.accounts.getAccount(ACCOUNT_A))?.settings.allowPlainHttp).toBe(true);
    expect(await cached.accounts.revokeApiKey(ACCOUNT_A, 'key_a', at(30))).toBe(true);
    expect(await key()).toBeUndefined();
    // A revocation of no live key changes nothing: nothing to announce.
    expect(await cached.accounts.revokeApiKey(ACCOUNT_A, 'key_a', at(31))).toBe(false);
    expect(changes).toEqual([{ accountId: ACCOUNT_A }, { accountId: ACCOUNT_A }]);
  });

  it('keeps a flow’s latest version until it changes', async () => {
    expect((await cached.flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(1);
    const next = { id: 'flow_1', accountId: ACCOUNT_A, document: flowDocument('v2') };
    await shared.flows.addFlowVersion({ ...next, createdAt: at(12) });
    expect((await cached.flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(1);
    // A pinned version is read from the store.
    expect((await cached.flows.getFlow(ACCOUNT_A, 'flow_1', 2))?.version).toBe(2);
    // Another flow's signal leaves it; its own drops it.
    caches.drop({ accountId: ACCOUNT_A, flowId: 'flow_2' });
    expect((await cached.flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(1);
    caches.drop({ accountId: ACCOUNT_A, flowId: 'flow_1' });
    expect((await cached.flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(2);

    await cached.flows.addFlowVersion({ ...next, createdAt: at(13) });
    expect((await cached.flows.getFlow(ACCOUNT_A, 'flow_1'))?.version).toBe(3);
    expect((await cached.triggers.resolveTrigger('token_1'))?.flowVersion).toBe(3);
    await cached.flows.deleteFlow(ACCOUNT_A, 'flow_1', at(14));
    expect(await cached.flows.getFlow(ACCOUNT_A, 'flow_1')).toBeUndefined();
    expect(await cached.triggers.resolveTrigger('token_1')).toBeUndefined();
    const flowChange = { accountId: ACCOUNT_A, flowId: 'flow_1' };
    expect(changes).toEqual([flowChange, flowChange]);
  });

  it('drops a trigger’s resolution with its flow, its account or its revocation', async () => {
    expect((await cached.triggers.resolveTrigger('token_1'))?.flowVersion).toBe(1);
    await shared.triggers.revokeTriggers(ACCOUNT_A, 'flow_1', at(20));
    expect(await cached.triggers.resolveTrigger('token_1')).toBeDefined();
    caches.drop({ accountId: ACCOUNT_B });
    expect(await cached.triggers.resolveTrigger('token_1')).toBeDefined();
    caches.drop({ accountId: ACCOUNT_A });
    expect(await cached.triggers.resolveTrigger('token_1')).toBeUndefined();

    await shared.triggers.saveTrigger({
      tokenHash: 'token_2',
      accountId: ACCOUNT_A,
      flowId: 'flow_1',
      createdAt: at(21),
      revokedAt: null,
    });
    expect(await cached.triggers.resolveTrigger('token_2')).toBeDefined();
    expect(await cached.triggers.revokeTriggers(ACCOUNT_A, 'flow_1', at(22))).toBe(1);
    expect(await cached.triggers.resolveTrigger('token_2')).toBeUndefined();
    expect(changes).toEqual([{ accountId: ACCOUNT_A, flowId: 'flow_1' }]);
  });

  it('keeps no unknown key: one added later works at once', async () => {
    expect(await key('hash_new')).toBeUndefined();
    await shared.accounts.addApiKey(apiKey('key_new', ACCOUNT_A, 'hash_new'));
    expect((await key('hash_new'))?.id).toBe('key_new');
  });

  it('does not keep a read that was under way when a drop came', async () => {
    const { read, release } = heldBack((id: string) => shared.accounts.getAccount(id));
    const slow: Storage = { ...shared, accounts: { ...shared.accounts, getAccount: read } };
    const racing = createStoreCaches(slow, { now: () => clock });
    const stale = racing.storage.accounts.getAccount(ACCOUNT_A);
    await shared.accounts.updateAccountSettings(ACCOUNT_A, {
      allowPlainHttp: true,
      apiIpAllowList: [],
    });
    racing.drop({ accountId: ACCOUNT_A });
    release();
    expect((await stale)?.settings.allowPlainHttp).toBe(false);
    // The read that began before the drop was answered but not kept.
    expect((await racing.storage.accounts.getAccount(ACCOUNT_A))?.settings.allowPlainHttp).toBe(
      true,
    );
  });

  it('holds at most maxEntries rows of a kind, the least recently used going first', async () => {
    for (const name of ['b', 'c', 'd']) {
      await shared.accounts.addApiKey(apiKey(`key_${name}`, ACCOUNT_A, `hash_${name}`));
    }
    await key('hash_a');
    await key('hash_b');
    await key('hash_c');
    await key('hash_a'); // most recently used now
    expect(reads).toBe(3);
    await key('hash_d'); // hash_b goes
    await key('hash_a');
    await key('hash_c');
    expect(reads).toBe(4);
    await key('hash_b');
    expect(reads).toBe(5);
  });

  describe('saved webhooks', () => {
    const byDefault = (accountId = ACCOUNT_A) => cached.webhooks.getDefaultWebhook(accountId);
    const byId = (id = 'wh_1') => cached.webhooks.getWebhookById(id);
    const byName = (name = 'hook-wh_1') => cached.webhooks.getWebhookByName(ACCOUNT_A, name);
    const readAll = async () => [(await byDefault())?.id, (await byId())?.id, (await byName())?.id];

    beforeEach(async () => {
      await shared.webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A, { isDefault: true }));
    });

    it('reads the default, by id and by name once, then from the cache until the TTL is over', async () => {
      expect(await readAll()).toEqual(['wh_1', 'wh_1', 'wh_1']);
      expect(await readAll()).toEqual(['wh_1', 'wh_1', 'wh_1']);
      expect(webhookReads).toEqual({ default: 1, id: 1, name: 1 });
      // Another process changes it without a signal: still the cached row until the TTL.
      await shared.webhooks.saveWebhook(webhook('wh_1', ACCOUNT_A, { url: 'https://x.example' }));
      clock = TTL - 1;
      expect(await readAll()).toEqual(['wh_1', 'wh_1', 'wh_1']);
      expect((await byId())?.url).toBe('https://example.com/wh_1');
      clock = TTL;
      expect(await readAll()).toEqual([undefined, 'wh_1', 'wh_1']);
      expect((await byId())?.url).toBe('https://x.example');
      expect(webhookReads).toEqual({ default: 2, id: 2, name: 2 });
    });

    it('drops an account’s webhooks on its drop, not on another account’s or a flow’s', async () => {
      await readAll();
      await shared.webhooks.deleteWebhook(ACCOUNT_A, 'wh_1');
      caches.drop({ accountId: ACCOUNT_B });
      caches.drop({ accountId: ACCOUNT_A, flowId: 'flow_1' });
      expect(await readAll()).toEqual(['wh_1', 'wh_1', 'wh_1']);
      caches.drop({ accountId: ACCOUNT_A });
      expect(await readAll()).toEqual([undefined, undefined, undefined]);
    });

    it('drops the account’s webhooks on a save, a deletion or a disabling here, and announces it', async () => {
      await readAll();
      await cached.webhooks.saveWebhook(webhook('wh_2', ACCOUNT_A, { isDefault: true }));
      expect(await readAll()).toEqual(['wh_2', 'wh_1', 'wh_1']);
      expect((await byId())?.isDefault).toBe(false);

      expect(await cached.webhooks.deleteWebhook(ACCOUNT_A, 'wh_1')).toBe(true);
      expect(await readAll()).toEqual(['wh_2', undefined, undefined]);
      // Deleting no webhook changes nothing: nothing to announce.
      expect(await cached.webhooks.deleteWebhook(ACCOUNT_A, 'wh_1')).toBe(false);

      expect((await byId('wh_2'))?.disabledAt).toBe(null);
      const idReads = webhookReads.id;
      await cached.webhooks.disableWebhook('wh_2', 'gone', at(40));
      // Its account came from the cached row: no read before the write.
      expect(webhookReads.id).toBe(idReads);
      expect((await byDefault())?.disabledAt).toBe(at(40));
      expect((await byId('wh_2'))?.disabledReason).toBe('gone');
      // A disabled webhook is not kept: re-enabled elsewhere, it is seen enabled at once.
      await shared.webhooks.saveWebhook(webhook('wh_2', ACCOUNT_A, { isDefault: true }));
      expect((await byDefault())?.disabledAt).toBe(null);
      expect((await byId('wh_2'))?.disabledAt).toBe(null);
      expect(changes).toEqual([
        { accountId: ACCOUNT_A },
        { accountId: ACCOUNT_A },
        { accountId: ACCOUNT_A },
      ]);
    });

    it('disabling a webhook not cached here reads its account first, and announces it', async () => {
      expect((await byDefault())?.disabledAt).toBe(null);
      clock = TTL;
      await cached.webhooks.disableWebhook('wh_1', 'failing', at(40));
      expect(webhookReads.id).toBe(1);
      expect((await byDefault())?.disabledAt).toBe(at(40));
      expect(changes).toEqual([{ accountId: ACCOUNT_A }]);
      // No such webhook: nothing changed, nothing to announce.
      await cached.webhooks.disableWebhook('wh_missing', 'gone', at(41));
      expect(changes).toHaveLength(1);
    });

    it('keeps an account’s having no default webhook; a default saved here is seen at once', async () => {
      expect(await byDefault(ACCOUNT_B)).toBeUndefined();
      expect(await byDefault(ACCOUNT_B)).toBeUndefined();
      expect(webhookReads.default).toBe(1);
      // Saved by another process: seen once its signal drops the account's entries.
      await shared.webhooks.saveWebhook(webhook('wh_b', ACCOUNT_B, { isDefault: true }));
      expect(await byDefault(ACCOUNT_B)).toBeUndefined();
      caches.drop({ accountId: ACCOUNT_B });
      expect((await byDefault(ACCOUNT_B))?.id).toBe('wh_b');
      // Deleted and saved again here.
      expect(await cached.webhooks.deleteWebhook(ACCOUNT_B, 'wh_b')).toBe(true);
      expect(await byDefault(ACCOUNT_B)).toBeUndefined();
      await cached.webhooks.saveWebhook(webhook('wh_b2', ACCOUNT_B, { isDefault: true }));
      expect((await byDefault(ACCOUNT_B))?.id).toBe('wh_b2');
    });

    it('does not keep an account’s having no default webhook read while one was saved', async () => {
      const { read, release } = heldBack((id: string) => shared.webhooks.getDefaultWebhook(id));
      const slow: Storage = {
        ...shared,
        webhooks: { ...shared.webhooks, getDefaultWebhook: read },
      };
      const racing = createStoreCaches(slow, { now: () => clock });
      const stale = racing.storage.webhooks.getDefaultWebhook(ACCOUNT_B);
      await shared.webhooks.saveWebhook(webhook('wh_b', ACCOUNT_B, { isDefault: true }));
      racing.drop({ accountId: ACCOUNT_B });
      release();
      expect(await stale).toBeUndefined();
      expect((await racing.storage.webhooks.getDefaultWebhook(ACCOUNT_B))?.id).toBe('wh_b');
    });

    it('keeps no unknown webhook id or name: one saved later is found at once', async () => {
      expect(await byId('wh_new')).toBeUndefined();
      expect(await byName('new')).toBeUndefined();
      await shared.webhooks.saveWebhook(webhook('wh_new', ACCOUNT_A, { name: 'new' }));
      expect((await byId('wh_new'))?.id).toBe('wh_new');
      expect((await byName('new'))?.id).toBe('wh_new');
    });

    it('leaves the API’s reads uncached: an attempt’s run of failures is seen there at once', async () => {
      await shared.deliveries.enqueueDeliveries([
        delivery('dl_1', ACCOUNT_A, { webhookId: 'wh_1' }),
      ]);
      expect((await byId())?.failingSince).toBe(null);
      expect((await cached.webhooks.getWebhook(ACCOUNT_A, 'wh_1'))?.failingSince).toBe(null);
      const recorded = await cached.deliveries.recordAttempt({
        attempt: {
          deliveryId: 'dl_1',
          attempt: 1,
          startedAt: at(50),
          status: 500,
          latencyMs: 1,
          error: null,
          remoteAddress: null,
          responseExcerpt: null,
        },
        status: 'pending',
        nextAttemptAt: at(60),
        endpoint: { succeeded: false, at: at(50) },
      });
      // What the dispatcher decides on comes with the record, not from the cached row.
      expect(recorded.failingEndpoint).toEqual({ failingSince: at(50), disabledAt: null });
      expect((await cached.webhooks.getWebhook(ACCOUNT_A, 'wh_1'))?.failingSince).toBe(at(50));
      const page = await cached.webhooks.listWebhooks(ACCOUNT_A, { limit: 10 });
      expect(page.items[0]?.failingSince).toBe(at(50));
      expect(webhookReads.api).toBe(2);
    });

    it('answers frozen webhooks', async () => {
      const found = await byDefault();
      expect(Object.isFrozen(found?.headers)).toBe(true);
    });
  });

  it('answers frozen rows: callers share them', async () => {
    const found = await cached.accounts.getAccount(ACCOUNT_A);
    expect(Object.isFrozen(found)).toBe(true);
    expect(Object.isFrozen(found?.settings.apiIpAllowList)).toBe(true);
  });
});
