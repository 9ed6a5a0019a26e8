import type { Command } from 'commander';
import { databaseFile, DEFAULT_DATA_DIR, openingStore } from '../../app/data-dir.js';

/** `hookline migrate`: prepares the store (the server also migrates on start). */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the store migrations (the server also does it on start)')
    .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
    .action(async (options: { data: string }) => {
      const { migrateSqlite } = await import('../../storage/sqlite/index.js');
      const file = databaseFile(options.data);
      const { applied } = openingStore(file, () => migrateSqlite(file));
      process.stdout.write(
        applied.length === 0 ? 'store is up to date\n' : `applied ${applied.join(', ')}\n`,
      );
    });
}
