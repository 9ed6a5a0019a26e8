/**
 * Scale-out's row caches (docs/adr/0009-queue-and-signals.md "Caches"): each process keeps the
 * account of an API key, a flow's latest version, a trigger's resolution and the account's
 * saved webhooks for a while; a
 * change made on one process (or with the CLI) reaches the others' caches by signal at once,
 * and one made without a signal (Redis down, a lost signal) within the TTL.
 */
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { runCli } from '../e2e/support/run-cli.js';
import { startCluster, until, type Cluster, type Member } from './cluster.js';

const FLOW = {
  name: 'Hang up',
  start: 'bye',
  widgets: { bye: { type: 'hangup' } },
};

// Long enough that only a signal explains a change seen within a few seconds.
const LONG_TTL_MS = 120_000;
const SHORT_TTL_MS = 1_500;
/** What a signal may take on a loaded machine: far below LONG_TTL_MS. */
const SIGNAL_MS = 5_000;

let cluster: Cluster;
let a: Member;
let b: Member;

beforeAll(async () => {
  cluster = await startCluster();
  a = await cluster.add({ worker: false, cacheTtlMs: LONG_TTL_MS });
  b = await cluster.add({ worker: false, cacheTtlMs: LONG_TTL_MS });
}, 60_000);
afterAll(async () => {
  await cluster.close();
}, 30_000);

async function newKey(on: Member): Promise<{ id: string; apiKey: string }> {
  const made = await on.call('POST', '/v1/account/keys');
  expect(made.status).toBe(201);
  return { id: made.body.id as string, apiKey: made.body.apiKey as string };
}

async function newFlow(on: Member): Promise<string> {
  const created = await on.call('POST', '/v1/flows', FLOW);
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const status = async (
  response: Promise<{ status: number }> | { status: number },
): Promise<number> => (await response).status;

describe('caches on two processes, one PostgreSQL database and one Redis', () => {
  it('refuses a key revoked on one process on every process at once', async () => {
    const key = await newKey(a);
    // Both processes have the key's account cached.
    expect(await status(a.call('GET', '/v1/account', undefined, key.apiKey))).toBe(200);
    expect(await status(b.call('GET', '/v1/account', undefined, key.apiKey))).toBe(200);
    expect(await status(a.call('DELETE', `/v1/account/keys/${key.id}`))).toBe(204);
    expect(await status(a.call('GET', '/v1/account', undefined, key.apiKey))).toBe(401);
    await until(
      () => status(b.call('GET', '/v1/account', undefined, key.apiKey)),
      (code) => code === 401,
      SIGNAL_MS,
    );
  });

  it('applies account settings changed on one process on the other at once', async () => {
    const plainHttp = async (on: Member) =>
      (await on.call('GET', '/v1/account')).body.settings.allowPlainHttp as boolean;
    expect(await plainHttp(b)).toBe(true);
    const changed = await a.call('PATCH', '/v1/account/settings', { allowPlainHttp: false });
    expect(changed.status).toBe(200);
    await until(
      () => plainHttp(b),
      (allowed) => !allowed,
      SIGNAL_MS,
    );
    await a.call('PATCH', '/v1/account/settings', { allowPlainHttp: true });
    await until(
      () => plainHttp(b),
      (allowed) => allowed,
      SIGNAL_MS,
    );
  });

  it('starts the new version saved on the other process, and nothing once it is deleted', async () => {
    const flowId = await newFlow(a);
    const start = () => b.call('POST', `/v1/flows/${flowId}/executions`, {});
    expect((await start()).body.flowVersion).toBe(1);
    const saved = await a.call('PUT', `/v1/flows/${flowId}`, { ...FLOW, name: 'Version 2' });
    expect(saved.status).toBe(200);
    await until(
      async () => (await start()).body.flowVersion as number,
      (version) => version === 2,
      SIGNAL_MS,
    );
    expect(await status(a.call('DELETE', `/v1/flows/${flowId}`))).toBe(204);
    await until(
      () => status(start()),
      (code) => code === 404,
      SIGNAL_MS,
    );
  });

  it('refuses a trigger URL revoked on the other process at once', async () => {
    const flowId = await newFlow(a);
    const made = await a.call('POST', `/v1/flows/${flowId}/trigger-url`);
    expect(made.status).toBe(201);
    const path = new URL(made.body.url as string).pathname;
    const trigger = () => b.core.api.request(path, { method: 'POST' });
    expect((await trigger()).status).toBeLessThan(300);
    expect(await status(a.call('DELETE', `/v1/flows/${flowId}/trigger-url`))).toBe(200);
    await until(
      () => status(trigger()),
      (code) => code === 404,
      SIGNAL_MS,
    );
  });
});

describe('saved webhooks cached on two processes', () => {
  /** What saving a flow on `on` says of its flow end webhook (its default or named webhook). */
  async function flowEndWebhookSays(on: Member, flowEndWebhook: true | string) {
    const saved = await on.call('POST', '/v1/flows', { ...FLOW, settings: { flowEndWebhook } });
    const problems = (saved.body.warnings ?? saved.body.error?.details ?? []) as Array<{
      message: string;
    }>;
    return { status: saved.status, messages: problems.map(({ message }) => message).join('; ') };
  }
  /**
   * Reads until one is answered without a store read (`storeReads`): a read under way when
   * a signal came (an earlier change's) is answered but not kept.
   */
  async function fromCache<T>(read: () => Promise<T>, storeReads: MockInstance): Promise<T> {
    let value: T | undefined;
    await until(
      async () => {
        const before = storeReads.mock.calls.length;
        value = await read();
        return storeReads.mock.calls.length - before;
      },
      (made) => made === 0,
      SIGNAL_MS,
    );
    return value as T;
  }
  const noDefault = 'the account has no default webhook: flow.completed cannot be delivered';
  const noCrm = 'no saved webhook named "crm" in this account';

  it('sees a default webhook saved or deleted on the other process at once', async () => {
    // b reads that the account has no default webhook, and keeps that (no store read).
    const defaults = vi.spyOn(b.storage.webhooks, 'getDefaultWebhook');
    const byName = vi.spyOn(b.storage.webhooks, 'getWebhookByName');
    expect(await fromCache(() => flowEndWebhookSays(b, true), defaults)).toEqual({
      status: 201,
      messages: noDefault,
    });

    const made = await a.call('POST', '/v1/webhooks', {
      name: 'crm',
      url: 'https://crm.example/hook',
      isDefault: true,
    });
    expect(made.status).toBe(201);
    const webhookId = made.body.id as string;
    await until(
      () => flowEndWebhookSays(b, true),
      (said) => said.messages === '',
      SIGNAL_MS,
    );
    expect(await fromCache(() => flowEndWebhookSays(b, 'crm'), byName)).toEqual({
      status: 201,
      messages: '',
    });

    expect(await status(a.call('DELETE', `/v1/webhooks/${webhookId}`))).toBe(204);
    await until(
      () => flowEndWebhookSays(b, 'crm'),
      (said) => said.status === 400,
      SIGNAL_MS,
    );
    expect(await flowEndWebhookSays(b, 'crm')).toMatchObject({ messages: noCrm });
    expect(await flowEndWebhookSays(b, true)).toEqual({ status: 201, messages: noDefault });
    defaults.mockRestore();
    byName.mockRestore();
  });

  it('sees a webhook disabled by the other process (as its dispatcher does) at once', async () => {
    const made = await a.call('POST', '/v1/webhooks', {
      name: 'gone',
      url: 'https://gone.example/hook',
    });
    expect(made.status).toBe(201);
    const webhookId = made.body.id as string;
    const onB = () => b.core.storage.webhooks.getWebhookById(webhookId);
    // Kept by b: answered without a store read.
    const reads = vi.spyOn(b.storage.webhooks, 'getWebhookById');
    expect((await fromCache(onB, reads))?.disabledAt).toBe(null);
    reads.mockRestore();

    // What a's dispatcher calls on a 410 Gone (src/delivery/attempt-delivery.ts).
    await a.core.storage.webhooks.disableWebhook(webhookId, 'gone', new Date().toISOString());
    const disabled = await until(onB, (webhook) => webhook?.disabledAt !== null, SIGNAL_MS);
    expect(disabled?.disabledReason).toBe('gone');
    // The API shows it too (never cached).
    expect((await b.call('GET', `/v1/webhooks/${webhookId}`)).body.disabled).toBe(true);
  });
});

describe('the CLI in scale-out mode', () => {
  it('tells the running processes: a key it revokes is refused at once', async () => {
    const key = await newKey(a);
    expect(await status(b.call('GET', '/v1/account', undefined, key.apiKey))).toBe(200);
    const revoked = await runCli(['accounts', 'keys', 'revoke', cluster.accountId, key.id], {
      env: {
        HOOKLINE_DATABASE_URL: cluster.database.url,
        HOOKLINE_REDIS_URL: cluster.redis.url,
        HOOKLINE_REDIS_PREFIX: cluster.redis.prefix,
      },
    });
    expect(revoked.stdout).toBe(`key ${key.id} revoked\n`);
    expect(revoked.stderr).toBe('');
    expect(revoked.code).toBe(0);
    for (const member of [a, b]) {
      await until(
        () => status(member.call('GET', '/v1/account', undefined, key.apiKey)),
        (code) => code === 401,
        SIGNAL_MS,
      );
    }
  });

  it('revokes all the same with Redis down, and says when the processes will see it', async () => {
    const key = await newKey(a);
    const revoked = await runCli(['accounts', 'keys', 'revoke', cluster.accountId, key.id], {
      env: {
        HOOKLINE_DATABASE_URL: cluster.database.url,
        // Nothing listens on port 1.
        HOOKLINE_REDIS_URL: 'redis://127.0.0.1:1',
      },
    });
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toContain('running processes see the change within 5 s');
    expect(await status(b.call('GET', '/v1/account', undefined, key.apiKey))).toBe(401);
  });
});

describe('a change made without a signal (Redis down, a lost signal)', () => {
  it('is seen once the TTL is over', async () => {
    const c = await cluster.add({ worker: false, cacheTtlMs: SHORT_TTL_MS });
    const key = await newKey(c);
    expect(await status(c.call('GET', '/v1/account', undefined, key.apiKey))).toBe(200);
    // Straight into PostgreSQL (as the CLI does without HOOKLINE_REDIS_URL): no signal.
    const revokedAt = Date.now();
    expect(
      await c.storage.accounts.revokeApiKey(cluster.accountId, key.id, new Date().toISOString()),
    ).toBe(true);
    // Still the cached row: the change is not seen before the TTL is over.
    expect(await status(c.call('GET', '/v1/account', undefined, key.apiKey))).toBe(200);
    await until(
      () => status(c.call('GET', '/v1/account', undefined, key.apiKey)),
      (code) => code === 401,
      SHORT_TTL_MS + 2_000,
    );
    expect(Date.now() - revokedAt).toBeLessThan(SHORT_TTL_MS + 2_000);
  });
});
