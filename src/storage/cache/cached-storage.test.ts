import { beforeEach, describe, expect, it } from 'vitest';
import { describeStorageContract } from '../contract/index.js';
import {
  account,
  ACCOUNT_A,
  ACCOUNT_B,
  apiKey,
  at,
  flow,
  flowDocument,
} from '../contract/fixtures.js';
import { createMemoryStorage } from '../memory/index.js';
import type { Storage } from '../ports.js';
import { createStoreCaches, type StoreCaches, type StoreChange } from './cached-storage.js';

// Used by one process alone, the cached store behaves as the store it wraps.
describeStorageContract('cached (memory)', () =>
  Promise.resolve({
    storage: createStoreCaches(createMemoryStorage()).storage,
    cleanup: () => Promise.resolve(),
  }),
);

const TTL = 5_000;

describe('store caches', () => {
  // `shared` is the database; `other` is another process writing to it with no signal.
  let shared: Storage;
  let caches: StoreCaches;
  let cached: Storage;
  let clock: number;
  let changes: StoreChange[];
  let reads: number;

  beforeEach(async () => {
    shared = createMemoryStorage();
    clock = 0;
    changes = [];
    reads = 0;
    const counted: Storage = {
      ...shared,
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
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Storage = {
      ...shared,
      accounts: {
        ...shared.accounts,
        getAccount: async (id) => {
          const before = await shared.accounts.getAccount(id);
          await gate;
          return before;
        },
      },
    };
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

  it('answers frozen rows: callers share them', async () => {
    const found = await cached.accounts.getAccount(ACCOUNT_A);
    expect(Object.isFrozen(found)).toBe(true);
    expect(Object.isFrozen(found?.settings.apiIpAllowList)).toBe(true);
  });
});
