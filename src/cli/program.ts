import { Command } from 'commander';
import { loadSettings } from '../config/index.js';
import { registerAccounts } from './commands/accounts.js';
import { registerMigrate } from './commands/migrate.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { registerValidate } from './commands/validate.js';

/** The `hookline` command with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('hookline')
    .description(
      'Hookline: a flow engine for contact-center flows that talk to the world through webhooks',
    )
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    // docs/cli.md: every command checks every setting before it does anything (exit 2).
    .hook('preAction', () => {
      loadSettings(process.env);
    });
  registerServe(program);
  registerAccounts(program);
  registerMigrate(program);
  registerRun(program);
  registerValidate(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}
