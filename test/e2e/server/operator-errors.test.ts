/**
 * What an operator gets wrong when starting the server gets one line on stderr (no stack
 * trace) and a non-zero exit: a port in use, `--data` naming a file, a malformed or a wrong
 * HOOKLINE_SECRET_KEY.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/run-cli.js';
import {
  killAll,
  LOOPBACK_ENV,
  createAccount,
  makeDataDir,
  removeDataDirs,
  startServe,
} from '../support/serve-process.js';

const dirs: string[] = [];
let blocker: Server;
const KEY_A = 'ab'.repeat(32);
const KEY_B = 'cd'.repeat(32);

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await killAll();
  await new Promise((resolve) => blocker.close(resolve));
  await removeDataDirs(dirs);
});

async function dataDir(): Promise<string> {
  const dir = await makeDataDir();
  dirs.push(dir);
  return dir;
}

function serve(dir: string, env: Record<string, string> = {}, port = '0'): Promise<CliResult> {
  return runCli(['serve', '--port', port, '--host', '127.0.0.1', '--data', dir], {
    env: { ...LOOPBACK_ENV, ...env },
  });
}

/** One line on stderr, no stack frame, exit 2, nothing on stdout about listening. */
function expectOneLine(result: CliResult, says: RegExp): void {
  expect(result.stderr).not.toContain('    at ');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^hookline: /);
  expect(result.stderr).toMatch(says);
  expect(result.stdout).not.toContain('listening');
  expect(result.code).toBe(2);
}

describe('hookline serve: operator errors', () => {
  it('a port in use', async () => {
    const port = String((blocker.address() as { port: number }).port);
    expectOneLine(
      await serve(await dataDir(), {}, port),
      new RegExp(`127\\.0\\.0\\.1:${port}.*in use`),
    );
  });

  it('HOOKLINE_DATABASE_URL without HOOKLINE_REDIS_URL (scale-out mode needs both)', async () => {
    const dir = await dataDir();
    const url = 'postgres://hookline:s3cret@127.0.0.1:5432/hookline';
    const result = await serve(dir, { HOOKLINE_DATABASE_URL: url });
    expectOneLine(
      result,
      /HOOKLINE_DATABASE_URL is set but HOOKLINE_REDIS_URL is not: scale-out mode needs both/,
    );
    expect(result.stderr).not.toContain('s3cret');
  });

  it('scale-out mode: no HOOKLINE_SECRET_KEY, or a PostgreSQL store it cannot reach', async () => {
    const dir = await dataDir();
    const scaleOut = {
      HOOKLINE_DATABASE_URL: 'postgres://hookline:s3cret@127.0.0.1:1/hookline',
      HOOKLINE_REDIS_URL: 'redis://127.0.0.1:6379',
    };
    expectOneLine(await serve(dir, scaleOut), /scale-out mode needs HOOKLINE_SECRET_KEY/);
    const key = { HOOKLINE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') };
    const result = await serve(dir, { ...scaleOut, ...key });
    expectOneLine(
      result,
      /cannot open the PostgreSQL store \(HOOKLINE_DATABASE_URL\): .*ECONNREFUSED/,
    );
    expect(result.stderr).not.toContain('s3cret');
  });

  it('--data naming a file', async () => {
    const file = join(await dataDir(), 'not-a-dir');
    await writeFile(file, 'x');
    expectOneLine(await serve(file), /--data .*not-a-dir.* not a directory/);
    const create = await runCli(['accounts', 'create', 'x', '--data', file]);
    expectOneLine(create, /--data .*not-a-dir.* not a directory/);
  });

  it('a file that is no store, for serve, migrate and accounts alike', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'hookline.db'), 'garbage');
    const says = /cannot open the store .*hookline\.db: file is not a database/;
    expectOneLine(await serve(dir), says);
    expectOneLine(await runCli(['migrate', '--data', dir]), says);
    expectOneLine(await runCli(['accounts', 'list', '--data', dir]), says);
  });

  it('a secret.key that cannot be read', async () => {
    const dir = await dataDir();
    await mkdir(join(dir, 'secret.key'));
    expectOneLine(await serve(dir), /cannot read or write .*secret\.key \(EISDIR\)/);
    const other = await dataDir();
    await mkdir(join(other, 'secret.check'));
    expectOneLine(await serve(other), /cannot read .*secret\.check \(EISDIR/);
  });

  it('a malformed HOOKLINE_SECRET_KEY', async () => {
    const result = await serve(await dataDir(), { HOOKLINE_SECRET_KEY: 'short' });
    expectOneLine(result, /HOOKLINE_SECRET_KEY must be 32 bytes/);
    expect(result.stderr).not.toContain('short');
  });

  it('a well-formed HOOKLINE_SECRET_KEY that did not seal the data directory', async () => {
    const dir = await dataDir();
    const first = await startServe({ dataDir: dir, env: { HOOKLINE_SECRET_KEY: KEY_A } });
    await first.kill('SIGTERM');
    const result = await serve(dir, { HOOKLINE_SECRET_KEY: KEY_B });
    expectOneLine(result, /HOOKLINE_SECRET_KEY is not the key that sealed the secrets/);
    expect(result.stderr).not.toContain(KEY_B);
    // The right key still starts.
    const again = await startServe({ dataDir: dir, env: { HOOKLINE_SECRET_KEY: KEY_A } });
    await again.kill('SIGTERM');
  });

  it('a wrong key on a data directory from before the check value (a stored secret must open)', async () => {
    const dir = await dataDir();
    const { apiKey } = await createAccount(dir);
    const first = await startServe({ dataDir: dir, apiKey, env: { HOOKLINE_SECRET_KEY: KEY_A } });
    const saved = await first.api('POST', '/v1/webhooks', {
      body: { name: 'w', url: 'https://example.test/hook' },
    });
    expect(saved.status).toBe(201);
    await first.kill('SIGTERM');
    await rm(join(dir, 'secret.check'));
    const result = await serve(dir, { HOOKLINE_SECRET_KEY: KEY_B });
    expectOneLine(result, /HOOKLINE_SECRET_KEY is not the key that sealed the secrets/);
    const again = await startServe({ dataDir: dir, env: { HOOKLINE_SECRET_KEY: KEY_A } });
    await again.kill('SIGTERM');
  });
});
