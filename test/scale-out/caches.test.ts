/**
 * Scale-out's row caches (docs/adr/0009-queue-and-signals.md "Caches"): each process keeps the
 * account of an API key, a flow's latest version and a trigger's resolution for a while; a
 * change made on one process (or with the CLI) reaches the others' caches by signal at once,
 * and one made without a signal (Redis down, a lost signal) within the TTL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
