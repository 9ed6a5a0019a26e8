import { Command } from 'commander';
import { registerRun } from './commands/run.js';
import { registerValidate } from './commands/validate.js';

/** The `hookline` command with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command('hookline')
    .description(
      'Hookline: a flow engine for contact-center flows that talk to the world through webhooks',
    )
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerRun(program);
  registerValidate(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}
