import type { Command } from 'commander';
import { createAccount } from '../../accounts/index.js';
import { DEFAULT_DATA_DIR } from '../../app/data-dir.js';
import { isCidr } from '../../server/ip-allow-list.js';
import type { Account, AccountSettings } from '../../storage/ports.js';
import { UsageError } from '../usage-error.js';
import { registerAccountKeys } from './account-keys.js';
import { findAccount, printJson, table, withAccounts } from './account-store.js';

interface CreateOptions {
  data: string;
  json?: boolean;
  force?: boolean;
}

interface SettingsOptions {
  data: string;
  json?: boolean;
  allowHttp?: boolean;
  ipAllowList?: string[];
}

function parseBoolean(text: string): boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  throw new UsageError(`--allow-http expects true or false, got "${text}"`);
}

/** Comma-separated IPs/CIDRs; an empty list clears the allow-list (any address). */
function parseIpList(text: string): string[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const bad = entries.find((entry) => !isCidr(entry));
  if (bad !== undefined) {
    throw new UsageError(
      `--ip-allow-list: "${bad}" is not an IP address or CIDR (e.g. 203.0.113.0/24)`,
    );
  }
  return entries;
}

async function create(name: string, options: CreateOptions): Promise<void> {
  if (name.trim() === '' || name.length > 200)
    throw new UsageError('an account name is 1-200 characters');
  await withAccounts(options.data, 'create', async (store) => {
    const taken = (await store.listAccounts()).filter((account) => account.name === name);
    if (taken.length > 0 && options.force !== true) {
      const ids = taken.map((account) => account.id).join(', ');
      throw new UsageError(
        `an account named "${name}" exists (${ids}); add --force to create another`,
      );
    }
    const { account, apiKey } = await createAccount(store, name, new Date());
    if (options.json === true) {
      printJson({ accountId: account.id, apiKey });
      return;
    }
    process.stdout.write(
      `account ${account.id} (${name}) created\nAPI key (shown once, keep it safe): ${apiKey}\n`,
    );
  });
}

async function list(options: { data: string; json?: boolean }): Promise<void> {
  await withAccounts(options.data, 'existing', async (store) => {
    const accounts = await store.listAccounts();
    const rows = await Promise.all(
      accounts.map(async (account) => ({
        ...shownAccount(account),
        liveKeys: (await store.listApiKeys(account.id)).filter((key) => key.revokedAt === null)
          .length,
      })),
    );
    if (options.json === true) {
      printJson(rows);
      return;
    }
    const cells = rows.map((row) => [row.id, row.name, row.createdAt, String(row.liveKeys)]);
    process.stdout.write(table([['ID', 'NAME', 'CREATED', 'LIVE KEYS'], ...cells]));
  });
}

/** The account as printed: never the sealed voice auth token (docs/voice.md). */
function shownAccount(account: Account): Account {
  const { allowPlainHttp, apiIpAllowList } = account.settings;
  return { ...account, settings: { allowPlainHttp, apiIpAllowList } };
}

function describeSettings(account: Account): string {
  const { allowPlainHttp, apiIpAllowList } = account.settings;
  const ips = apiIpAllowList.length === 0 ? '(empty: any address)' : apiIpAllowList.join(', ');
  return `account ${account.id} (${account.name})\nallowPlainHttp: ${String(allowPlainHttp)}\napiIpAllowList: ${ips}\n`;
}

async function settings(ref: string, options: SettingsOptions): Promise<void> {
  await withAccounts(options.data, 'existing', async (store) => {
    let account = await findAccount(store, ref);
    if (options.allowHttp !== undefined || options.ipAllowList !== undefined) {
      const changed: AccountSettings = {
        ...account.settings,
        allowPlainHttp: options.allowHttp ?? account.settings.allowPlainHttp,
        apiIpAllowList: options.ipAllowList ?? account.settings.apiIpAllowList,
      };
      account = (await store.updateAccountSettings(account.id, changed)) ?? account;
    }
    if (options.json === true) printJson(shownAccount(account));
    else process.stdout.write(describeSettings(account));
  });
}

/** `hookline accounts create|list|settings|keys` (docs/cli.md). */
export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('manage accounts');
  accounts
    .command('create')
    .description('create an account and print its API key (shown once)')
    .argument('<name>', 'account name')
    .option('--data <dir>', 'data directory (created if missing)', DEFAULT_DATA_DIR)
    .option('--json', 'print {"accountId", "apiKey"}')
    .option('--force', 'create it even if an account has this name')
    .action(create);
  accounts
    .command('list')
    .description('list the accounts')
    .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
    .option('--json', 'print [{"id", "name", "settings", "createdAt", "liveKeys"}]')
    .action(list);
  accounts
    .command('settings')
    .description("show or change ACCOUNT's settings (id or name)")
    .argument('<account>', 'account id or name')
    .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
    .option('--allow-http <true|false>', 'allow plain http:// webhook widgets', parseBoolean)
    .option(
      '--ip-allow-list <ips>',
      'comma-separated IPs/CIDRs allowed to call the API ("": any)',
      parseIpList,
    )
    .option('--json', 'print the account')
    .action(settings);
  registerAccountKeys(accounts);
  for (const command of accounts.commands) command.exitOverride();
  accounts.exitOverride();
}
