import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import {
  killAll,
  makeDataDir,
  removeDataDirs,
  startServe,
  type ServeProcess,
} from '../support/serve-process.js';

let dataDir: string;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  dataDir = await makeDataDir();
});
afterAll(async () => {
  await killAll();
  await removeDataDirs([dataDir]);
});

/** `hookline accounts create NAME --data DIR --json`, checked to print exactly the two fields. */
async function createAccountJson(name: string): Promise<{ accountId: string; apiKey: string }> {
  const result = await runCli(['accounts', 'create', name, '--data', dataDir, '--json']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout.endsWith('\n')).toBe(true);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  const printed = JSON.parse(result.stdout) as Record<string, unknown>;
  expect(Object.keys(printed).sort()).toEqual(['accountId', 'apiKey']);
  expect(printed['accountId']).toEqual(expect.stringMatching(/\S/));
  expect(printed['apiKey']).toEqual(expect.stringMatching(/^\S{20,}$/));
  return printed as { accountId: string; apiKey: string };
}

describe('hookline migrate, accounts create and API keys', () => {
  it('migrate prints what it applied, then that the store is up to date', async () => {
    const first = await runCli(['migrate', '--data', dataDir]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^applied \d{4}_[a-z0-9_]+\.sql(, \d{4}_[a-z0-9_]+\.sql)*\n$/);
    expect(first.stdout).toContain('0001_init.sql');
    const second = await runCli(['migrate', '--data', dataDir]);
    expect(second).toMatchObject({ code: 0, stdout: 'store is up to date\n', stderr: '' });
  });

  it('accounts create --json prints {accountId, apiKey}; the key works as Bearer', async () => {
    const account = await createAccountJson('first');
    serve = await startServe({ dataDir, apiKey: account.apiKey });
    const flows = await serve.api('GET', '/v1/flows');
    expect(flows).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    const saved = await serve.api('POST', '/v1/webhooks', {
      body: { name: 'mine', url: 'https://example.com/hook' },
    });
    expect(saved.status).toBe(201);

    // An account made while the server runs works at once and sees nothing of the first's.
    const other = await createAccountJson('second');
    expect(other.accountId).not.toBe(account.accountId);
    expect(other.apiKey).not.toBe(account.apiKey);
    const list = await serve.api('GET', '/v1/webhooks', { key: other.apiKey });
    expect(list).toMatchObject({ status: 200, body: { items: [] } });
    const foreign = await serve.api('GET', `/v1/webhooks/${saved.body.id as string}`, {
      key: other.apiKey,
    });
    expect(foreign.status).toBe(404);
  });

  it.each([
    ['a wrong key', 'hl_not-a-real-key'],
    ['no key', null],
  ])('%s: 401 with the error envelope', async (_what, key) => {
    const answer = await serve!.api('GET', '/v1/flows', { key });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: { code: 'UNAUTHORIZED', message: expect.any(String), details: [] },
    });
  });
});
