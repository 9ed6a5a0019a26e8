import type { Command } from 'commander';
import { databaseFile, DEFAULT_DATA_DIR } from '../../app/data-dir.js';
import { UsageError } from '../usage-error.js';

/** `hookline accounts create NAME`: makes an account and prints its API key once (SPEC §6). */
export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('manage accounts');
  accounts
    .command('create')
    .description('create an account and print its API key (shown once)')
    .argument('<name>', 'account name')
    .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
    .option('--json', 'print {"accountId", "apiKey"}')
    .action(async (name: string, options: { data: string; json?: boolean }) => {
      if (name.trim() === '' || name.length > 200)
        throw new UsageError('an account name is 1-200 characters');
      const { createAccount } = await import('../../accounts/index.js');
      const { createSqliteStorage } = await import('../../storage/sqlite/index.js');
      const storage = createSqliteStorage({ file: databaseFile(options.data) });
      try {
        const { account, apiKey } = await createAccount(storage.accounts, name, new Date());
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify({ accountId: account.id, apiKey })}\n`);
        } else {
          process.stdout.write(
            `account ${account.id} (${name}) created\nAPI key (shown once, keep it safe): ${apiKey}\n`,
          );
        }
      } finally {
        await storage.close();
      }
    });
  for (const command of accounts.commands) command.exitOverride();
  accounts.exitOverride();
}
