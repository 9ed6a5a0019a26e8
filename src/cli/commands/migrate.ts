import type { Command } from 'commander';
import { databaseFile, DEFAULT_DATA_DIR, openingStore } from '../../app/data-dir.js';
import { StartupError } from '../../app/startup-error.js';

/** HOOKLINE_DATABASE_URL set: migrates that PostgreSQL database instead of the data directory. */
async function migratePostgresStore(connectionString: string): Promise<string[]> {
  const { migratePostgres } = await import('../../storage/postgres/index.js');
  try {
    return (await migratePostgres({ connectionString })).applied;
  } catch (caught) {
    // The URL may hold a password: the setting is named, its value is not printed.
    const message = caught instanceof Error ? (caught.message.split('\n')[0] ?? '') : '';
    throw new StartupError(
      `cannot migrate the PostgreSQL store (HOOKLINE_DATABASE_URL): ${message}`,
    );
  }
}

/** `hookline migrate`: prepares the store (the server also migrates on start). */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the store migrations (the server also does it on start)')
    .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
    .action(async (options: { data: string }) => {
      const { loadSettings } = await import('../../config/index.js');
      const { databaseUrl } = loadSettings(process.env);
      let applied: string[];
      if (databaseUrl !== undefined) {
        applied = await migratePostgresStore(databaseUrl);
      } else {
        const { migrateSqlite } = await import('../../storage/sqlite/index.js');
        const file = databaseFile(options.data);
        applied = openingStore(file, () => migrateSqlite(file)).applied;
      }
      process.stdout.write(
        applied.length === 0 ? 'store is up to date\n' : `applied ${applied.join(', ')}\n`,
      );
    });
}
