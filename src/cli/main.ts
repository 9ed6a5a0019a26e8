import { CommanderError } from 'commander';
import { createProgram } from './program.js';
import { EXIT, UsageError } from './usage-error.js';

/**
/**
 * The one-line message of what the operator must fix before a command can run: a usage
 * error, a bad HOOKLINE_* setting or --allow entry, the secret key, the data directory, the
 * port. These modules load only here, once something failed, so that `hookline --version`
 * and `validate` never load the settings or the HTTP client.
 */
async function usageMessage(caught: unknown): Promise<string | undefined> {
  if (caught instanceof UsageError) return caught.message;
  const [{ SettingsError }, { InvalidAllowEntryError }, { SecretKeyError }, { StartupError }] =
    await Promise.all([
      import('../config/index.js'),
      import('../http-client/allow-entry.js'),
      import('../secrets/index.js'),
      import('../app/startup-error.js'),
    ]);
  const known =
    caught instanceof SettingsError ||
    caught instanceof InvalidAllowEntryError ||
    caught instanceof SecretKeyError ||
    caught instanceof StartupError;
  return known ? caught.message : undefined;
}

/** Runs the CLI; every usage and operator problem exits 2 with a one-line message (docs/cli.md). */
async function main(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv);
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      process.exitCode = caught.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const message = await usageMessage(caught);
    if (message !== undefined) {
      process.stderr.write(`hookline: ${message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    throw caught;
  }
}

await main(process.argv);
