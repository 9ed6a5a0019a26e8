import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createAccount,
  killAll,
  makeDataDir,
  removeDataDirs,
  startServe,
} from '../support/serve-process.js';

const made: string[] = [];
afterAll(async () => {
  await killAll();
  await removeDataDirs(made);
});

/** The permission bits of every file of the data directory that exists. */
function modes(dataDir: string): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const name of ['.', 'hookline.db', 'hookline.db-wal', 'hookline.db-shm', 'secret.key']) {
    const path = join(dataDir, name);
    if (existsSync(path)) shown[name] = (statSync(path).mode & 0o777).toString(8);
  }
  return shown;
}

describe('the data directory is private (docs/server.md "Secrets")', () => {
  it('accounts create, then serve: the directory is 0700 and every file in it 0600', async () => {
    const parent = await makeDataDir();
    made.push(parent);
    const dataDir = join(parent, 'data');
    const { apiKey } = await createAccount(dataDir);
    expect(modes(dataDir)).toMatchObject({ '.': '700', 'hookline.db': '600' });

    const serve = await startServe({ dataDir, apiKey });
    const saved = await serve.api('POST', '/v1/flows', {
      body: { name: 'f', start: 'bye', widgets: { bye: { type: 'hangup' } } },
    });
    expect(saved.status).toBe(201);
    expect(modes(dataDir)).toEqual({
      '.': '700',
      'hookline.db': '600',
      'hookline.db-wal': '600',
      'hookline.db-shm': '600',
      'secret.key': '600',
    });
    await serve.kill('SIGTERM');
  });
});
