import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerAccounts } from './commands/accounts.js';
import { registerMigrate } from './commands/migrate.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { registerValidate } from './commands/validate.js';
import { registerWorker } from './commands/worker.js';

/** The package's version: `package.json` is two levels up from both `src/cli/` and `dist/cli/`. */
function packageVersion(): string {
  const manifest = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * The `hookline` command with every subcommand registered. Registering imports only
 * commander: each command loads what it runs when it runs (docs/architecture.md, "Build and
 * package").
 */
export function createProgram(): Command {
  const program = new Command('hookline')
    .description(
      'Hookline: a flow engine for contact-center flows that talk to the world through webhooks',
    )
    .version(packageVersion())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    // docs/cli.md: every command checks every setting before it does anything (exit 2).
    .hook('preAction', async () => {
      const { loadSettings } = await import('../config/index.js');
      loadSettings(process.env);
    });
  registerServe(program);
  registerWorker(program);
  registerAccounts(program);
  registerMigrate(program);
  registerRun(program);
  registerValidate(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}
