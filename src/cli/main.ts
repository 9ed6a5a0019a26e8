import { CommanderError } from 'commander';
import { InvalidAllowEntryError } from '../http-client/index.js';
import { StartupError } from '../app/startup-error.js';
import { SettingsError } from '../config/index.js';
import { SecretKeyError } from '../secrets/index.js';
import { createProgram } from './program.js';
import { EXIT, UsageError } from './usage-error.js';

/**
 * Runs the CLI; every usage problem, and what the operator must fix before a command can run
 * (settings, the secret key, the data directory, the port), exits 2 with a one-line message.
 */
async function main(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv);
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      process.exitCode = caught.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (
      caught instanceof UsageError ||
      caught instanceof SettingsError ||
      caught instanceof InvalidAllowEntryError ||
      caught instanceof SecretKeyError ||
      caught instanceof StartupError
    ) {
      process.stderr.write(`hookline: ${caught.message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    throw caught;
  }
}

await main(process.argv);
