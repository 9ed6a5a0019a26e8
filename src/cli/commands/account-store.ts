import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { databaseFile, isNewDataDir, openingStore } from '../../app/data-dir.js';
import { StartupError } from '../../app/startup-error.js';
import type { StoreChange } from '../../storage/cache/cached-storage.js';
import type { Account, AccountStore, Storage } from '../../storage/ports.js';
import { UsageError } from '../usage-error.js';

/**
 * Runs `use` on the accounts of the store under `dataDir`. `create` (accounts create) makes a
 * new data directory when there is none and says so on stderr; every other command refuses.
 */
export async function withAccounts<T>(
  dataDir: string,
  mode: 'create' | 'existing',
  use: (accounts: AccountStore) => Promise<T>,
): Promise<T> {
  const { loadSettings } = await import('../../config/index.js');
  const { databaseUrl, redisUrl } = loadSettings(process.env);
  if (databaseUrl !== undefined) return withPostgresAccounts(databaseUrl, redisUrl, use);
  const where = resolve(dataDir);
  const fresh = isNewDataDir(dataDir);
  if (fresh && mode === 'existing') {
    const what = existsSync(where) ? 'no Hookline store in' : 'no data directory at';
    throw new UsageError(`${what} ${where} (hookline accounts create makes one)`);
  }
  // Loaded on use: `hookline run` never pays for the store's modules.
  const { createSqliteStorage } = await import('../../storage/sqlite/index.js');
  const file = databaseFile(dataDir);
  const storage = openingStore(file, () => createSqliteStorage({ file }));
  if (fresh) process.stderr.write(`hookline: created a new data directory at ${where}\n`);
  try {
    return await use(storage.accounts);
  } finally {
    await storage.close();
  }
}

/**
 * HOOKLINE_DATABASE_URL set: the accounts of that PostgreSQL store (migrated on open), as
 * `migrate` does. With HOOKLINE_REDIS_URL too, the running processes are told what changed
 * (docs/adr/0009-queue-and-signals.md "Caches").
 */
async function withPostgresAccounts<T>(
  connectionString: string,
  redisUrl: string | undefined,
  use: (accounts: AccountStore) => Promise<T>,
): Promise<T> {
  const [{ createPostgresStorage }, { createStoreCaches }] = await Promise.all([
    import('../../storage/postgres/index.js'),
    import('../../storage/cache/cached-storage.js'),
  ]);
  let storage: Storage;
  try {
    storage = await createPostgresStorage({ connectionString, poolSize: 2 });
  } catch (caught) {
    // The URL may hold a password: the setting is named, its value is not printed.
    const message = caught instanceof Error ? (caught.message.split('\n')[0] ?? '') : '';
    throw new StartupError(`cannot open the PostgreSQL store (HOOKLINE_DATABASE_URL): ${message}`);
  }
  const changes: StoreChange[] = [];
  const { storage: watched } = createStoreCaches(storage, {
    onChange: (change) => changes.push(change),
  });
  try {
    return await use(watched.accounts);
  } finally {
    await storage.close();
    if (redisUrl !== undefined) await announce(redisUrl, changes);
  }
}

async function announce(redisUrl: string, changes: readonly StoreChange[]): Promise<void> {
  const { announceStoreChanges } = await import('../../app/announce-changes.js');
  if (await announceStoreChanges(redisUrl, process.env, changes)) return;
  process.stderr.write(
    'hookline: Redis (HOOKLINE_REDIS_URL) did not answer: running processes see the change within 5 s\n',
  );
}

/** The account with this id, else the one account with this name (a UsageError otherwise). */
export async function findAccount(accounts: AccountStore, ref: string): Promise<Account> {
  const byId = await accounts.getAccount(ref);
  if (byId) return byId;
  const named = (await accounts.listAccounts()).filter((account) => account.name === ref);
  const [only] = named;
  if (only && named.length === 1) return only;
  if (named.length === 0) throw new UsageError(`no account with id or name "${ref}"`);
  throw new UsageError(
    `${named.length} accounts are named "${ref}": use the id (see hookline accounts list)`,
  );
}

/** Rows as aligned columns, two spaces apart; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return rows.map((row) => `${line(row)}\n`).join('');
}

/** Writes `value` as one JSON line on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
