/** `hookline accounts ...` against a temp `--data`: list, keys, settings, duplicate names. */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import {
  killAll,
  makeDataDir,
  removeDataDirs,
  startServe,
  type ServeProcess,
} from '../support/serve-process.js';

const dirs: string[] = [];
let dataDir: string;
let acme: { accountId: string; apiKey: string };
let keyMade: { keyId: string; apiKey: string } | undefined;

async function cli(...args: string[]) {
  return runCli([...args, '--data', dataDir]);
}

async function json(...args: string[]): Promise<any> {
  const result = await cli(...args, '--json');
  expect(result, result.stderr).toMatchObject({ code: 0 });
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  dataDir = join(await makeDataDir(), 'fresh');
  dirs.push(dataDir);
  const created = await cli('accounts', 'create', 'Acme', '--json');
  expect(created.code).toBe(0);
  acme = JSON.parse(created.stdout);
  // A fresh data directory is announced on stderr, with where it is.
  expect(created.stderr).toBe(`hookline: created a new data directory at ${dataDir}\n`);
});
afterAll(async () => {
  await killAll();
  await removeDataDirs(dirs);
});

describe('hookline accounts', () => {
  it('create refuses a name already taken unless --force; no announcement the second time', async () => {
    const again = await cli('accounts', 'create', 'Acme');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^hookline: an account named "Acme" exists .*--force/);
    expect(again.stdout).toBe('');
    const forced = await cli('accounts', 'create', 'Acme', '--force', '--json');
    expect(forced).toMatchObject({ code: 0, stderr: '' });
    const other = await json('accounts', 'create', 'Other');
    expect(other.accountId).toMatch(/^acct_/);
  });

  it('list shows every account as a table, or JSON with --json', async () => {
    const listed = await json('accounts', 'list');
    expect(listed.map((a: any) => a.name)).toEqual(['Acme', 'Acme', 'Other']);
    expect(listed[0]).toMatchObject({
      id: acme.accountId,
      settings: { allowPlainHttp: false, apiIpAllowList: [] },
    });
    const table = await cli('accounts', 'list');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+CREATED\s+LIVE KEYS$/);
    expect(lines[1]).toMatch(new RegExp(`^${acme.accountId}\\s+Acme\\s+\\S+\\s+1$`));
    expect(table.stdout).not.toContain(acme.apiKey);
  });

  it('keys: create shows a key once, list shows ids and prefixes, revoke stops it', async () => {
    const made = await json('accounts', 'keys', 'create', acme.accountId);
    expect(made).toMatchObject({
      accountId: acme.accountId,
      keyId: expect.stringMatching(/^key_/),
    });
    expect(made.apiKey).toMatch(/^hl_/);
    const keys = await json('accounts', 'keys', 'list', acme.accountId);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toMatchObject({
      id: made.keyId,
      prefix: made.apiKey.slice(0, 9),
      revokedAt: null,
    });
    expect(JSON.stringify(keys)).not.toContain(made.apiKey);
    const table = await cli('accounts', 'keys', 'list', acme.accountId);
    expect(table.stdout).toMatch(/^ID\s+PREFIX\s+CREATED\s+REVOKED\n/);
    expect(table.stdout).not.toContain(made.apiKey);
    keyMade = made;
  });

  it('keys revoke: the key stops working at once; revoking it again is an error', async () => {
    const made = keyMade!;
    const serve = await startServe({ dataDir, apiKey: made.apiKey });
    expect((await serve.api('GET', '/v1/account')).status).toBe(200);
    const revoked = await cli('accounts', 'keys', 'revoke', acme.accountId, made.keyId);
    expect(revoked).toMatchObject({ code: 0, stdout: `key ${made.keyId} revoked\n` });
    expect((await serve.api('GET', '/v1/account')).status).toBe(401);
    const twice = await cli('accounts', 'keys', 'revoke', acme.accountId, made.keyId);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^hookline: no live key/);
    await serve.kill('SIGTERM');
  });

  it('settings: an IP allow-list that locks the account out is undone from the CLI', async () => {
    const serve: ServeProcess = await startServe({ dataDir, apiKey: acme.apiKey });
    const locked = await json(
      'accounts',
      'settings',
      acme.accountId,
      '--ip-allow-list',
      '203.0.113.0/24',
    );
    expect(locked.settings).toEqual({ allowPlainHttp: false, apiIpAllowList: ['203.0.113.0/24'] });
    expect((await serve.api('GET', '/v1/account')).status).toBe(403);
    const opened = await json(
      'accounts',
      'settings',
      acme.accountId,
      '--ip-allow-list',
      '',
      '--allow-http',
      'true',
    );
    expect(opened.settings).toEqual({ allowPlainHttp: true, apiIpAllowList: [] });
    expect((await serve.api('GET', '/v1/account')).status).toBe(200);
    await serve.kill('SIGTERM');
  });

  it('settings: a change keeps the sealed voice auth token, and no listing shows it', async () => {
    let serve: ServeProcess = await startServe({ dataDir, apiKey: acme.apiKey });
    const set = await serve.api('PUT', '/v1/account/voice', { body: { authToken: 'tok-123' } });
    expect(set.status).toBe(200);
    const flow = { name: 'V', start: 'bye', widgets: { bye: { type: 'hangup' } } };
    const flowId = (await serve.api('POST', '/v1/flows', { body: flow })).body.id as string;
    const voiceUrl = (await serve.api('POST', `/v1/flows/${flowId}/voice-url`)).body.url as string;
    await serve.kill('SIGTERM');

    const changed = await cli(
      'accounts',
      'settings',
      acme.accountId,
      '--allow-http',
      'true',
      '--json',
    );
    expect(JSON.parse(changed.stdout).settings).toEqual({
      allowPlainHttp: true,
      apiIpAllowList: [],
    });
    const listed = await cli('accounts', 'list', '--json');
    expect(changed.stdout + listed.stdout).not.toContain('v1:');

    // Still set: an unsigned call to the voice URL is refused.
    serve = await startServe({ dataDir, apiKey: acme.apiKey });
    const unsigned = await fetch(`${serve.url}${new URL(voiceUrl).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'CallSid=CA1&From=%2B15550100&To=%2B15550199&Direction=inbound',
    });
    expect(unsigned.status).toBe(403);
    await serve.kill('SIGTERM');
  });

  it('settings: without options shows them; bad values are usage errors', async () => {
    const shown = await cli('accounts', 'settings', acme.accountId);
    expect(shown.stdout).toContain('allowPlainHttp: true');
    const bad = await cli('accounts', 'settings', acme.accountId, '--ip-allow-list', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^hookline: --ip-allow-list: "nope" is not an IP address or CIDR/);
    expect((await cli('accounts', 'settings', acme.accountId, '--allow-http', 'maybe')).code).toBe(
      2,
    );
  });

  it('ACCOUNT is an id or a unique name', async () => {
    const byName = await json('accounts', 'keys', 'list', 'Other');
    expect(byName).toHaveLength(1);
    const ambiguous = await cli('accounts', 'keys', 'list', 'Acme');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/^hookline: 2 accounts are named "Acme": use the id/);
    const unknown = await cli('accounts', 'keys', 'list', 'Nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('hookline: no account with id or name "Nobody"\n');
  });

  it('commands other than create never make a data directory', async () => {
    const missing = join(await makeDataDir(), 'none');
    const result = await runCli(['accounts', 'list', '--data', missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^hookline: no data directory at /);
    await expect(access(missing)).rejects.toThrow();
  });
});
