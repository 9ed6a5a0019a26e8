import type { Command } from 'commander';
import { addApiKey } from '../../accounts/index.js';
import { DEFAULT_DATA_DIR } from '../../app/data-dir.js';
import { UsageError } from '../usage-error.js';
import { findAccount, printJson, table, withAccounts } from './account-store.js';

interface Options {
  data: string;
  json?: boolean;
}

/** `hookline accounts keys create|list|revoke ACCOUNT`: an account's API keys (docs/cli.md). */
export function registerAccountKeys(accounts: Command): void {
  const keys = accounts.command('keys').description("manage an account's API keys");
  keys
    .command('create')
    .description('add an API key to ACCOUNT (id or name) and print it (shown once)')
    .argument('<account>', 'account id or name')
    .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
    .option('--json', 'print {"accountId", "keyId", "apiKey"}')
    .action((ref: string, options: Options) =>
      withAccounts(options.data, 'existing', async (store) => {
        const account = await findAccount(store, ref);
        const { record, apiKey } = await addApiKey(store, account.id, new Date());
        if (options.json === true) {
          printJson({ accountId: account.id, keyId: record.id, apiKey });
          return;
        }
        process.stdout.write(
          `key ${record.id} added to account ${account.id} (${account.name})\nAPI key (shown once, keep it safe): ${apiKey}\n`,
        );
      }),
    );
  keys
    .command('list')
    .description("list ACCOUNT's keys by id and prefix (never the keys themselves)")
    .argument('<account>', 'account id or name')
    .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
    .option('--json', 'print [{"id", "prefix", "createdAt", "revokedAt"}]')
    .action((ref: string, options: Options) =>
      withAccounts(options.data, 'existing', async (store) => {
        const account = await findAccount(store, ref);
        const listed = (await store.listApiKeys(account.id)).map(
          ({ id, prefix, createdAt, revokedAt }) => ({ id, prefix, createdAt, revokedAt }),
        );
        if (options.json === true) {
          printJson(listed);
          return;
        }
        const rows = listed.map((key) => [key.id, key.prefix, key.createdAt, key.revokedAt ?? '-']);
        process.stdout.write(table([['ID', 'PREFIX', 'CREATED', 'REVOKED'], ...rows]));
      }),
    );
  keys
    .command('revoke')
    .description("revoke one of ACCOUNT's keys: it stops working at once")
    .argument('<account>', 'account id or name')
    .argument('<keyId>', 'the key id (see accounts keys list)')
    .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
    .action((ref: string, keyId: string, options: Options) =>
      withAccounts(options.data, 'existing', async (store) => {
        const account = await findAccount(store, ref);
        if (!(await store.revokeApiKey(account.id, keyId, new Date().toISOString()))) {
          throw new UsageError(`no live key ${keyId} on account ${account.id}`);
        }
        process.stdout.write(`key ${keyId} revoked\n`);
      }),
    );
  for (const command of keys.commands) command.exitOverride();
  keys.exitOverride();
}
