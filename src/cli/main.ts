import { CommanderError } from 'commander';
import { createProgram } from './program.js';
import { EXIT, UsageError } from './usage-error.js';

/**
 * The one-line message of a usage error, a bad HOOKLINE_* setting or a bad --allow entry.
 * The last two modules load only here, once something failed, so that `hookline --version`
 * and `validate` never load the settings or the HTTP client.
 */
async function usageMessage(caught: unknown): Promise<string | undefined> {
  if (caught instanceof UsageError) return caught.message;
  const [{ SettingsError }, { InvalidAllowEntryError }] = await Promise.all([
    import('../config/index.js'),
    import('../http-client/allow-entry.js'),
  ]);
  const known = caught instanceof SettingsError || caught instanceof InvalidAllowEntryError;
  return known ? caught.message : undefined;
}

/** Runs the CLI; every usage problem exits 2 with a one-line message (SPEC §6). */
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
