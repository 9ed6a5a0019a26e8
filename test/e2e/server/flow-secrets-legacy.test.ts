import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { callingFlow, ok, startExecution } from './helpers.js';
import { headerOf, startReceiver, type Receiver } from '../support/receiver.js';
import {
  createAccount,
  killAll,
  makeDataDir,
  removeDataDirs,
  startServe,
} from '../support/serve-process.js';

const TOKEN = 'tok-Lg41-saved-in-clear';
const made: string[] = [];
let receiver: Receiver | undefined;
afterAll(async () => {
  await killAll();
  await receiver?.close();
  await removeDataDirs(made);
});

/** A flow version as a release before sealed flow secrets wrote it: `secrets` NULL, clear document. */
function insertClearVersion(file: string, accountId: string, document: unknown): void {
  const db = new Database(file);
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO flows (id, account_id, name, latest_version, created_at, updated_at)
     VALUES ('flow_old', ?, 'Calls', 1, ?, ?)`,
  ).run(accountId, at, at);
  db.prepare(
    `INSERT INTO flow_versions (flow_id, version, account_id, name, document, created_at)
     VALUES ('flow_old', 1, ?, 'Calls', ?, ?)`,
  ).run(accountId, JSON.stringify(document), at);
  db.close();
}

it('serve seals flow secrets saved in clear by an older release, and runs still send them', async () => {
  const dataDir = await makeDataDir();
  made.push(dataDir);
  receiver = await startReceiver();
  const { accountId, apiKey } = await createAccount(dataDir);
  const file = join(dataDir, 'hookline.db');
  const document = callingFlow({
    url: receiver.url('/api'),
    auth: { type: 'bearer', token: TOKEN },
  });
  insertClearVersion(file, accountId, document);
  expect(readFileSync(file).includes(TOKEN) || readFileSync(`${file}-wal`).includes(TOKEN)).toBe(
    true,
  );

  const serve = await startServe({ dataDir, apiKey });
  const read = await ok(serve.api('GET', '/v1/flows/flow_old'));
  expect(read.widgets.call.config.request.auth).toEqual({ type: 'bearer', token: '***' });
  for (const name of ['hookline.db', 'hookline.db-wal']) {
    const path = join(dataDir, name);
    if (existsSync(path)) expect(readFileSync(path).includes(TOKEN)).toBe(false);
  }
  await startExecution(serve, 'flow_old');
  expect(receiver.received('/api').map((request) => headerOf(request, 'authorization'))).toEqual([
    `Bearer ${TOKEN}`,
  ]);
  await serve.kill('SIGTERM');
});
