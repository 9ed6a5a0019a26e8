import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StartupError } from './startup-error.js';

/** docs/server.md: the data directory defaults to ./.hookline. */
export const DEFAULT_DATA_DIR = './.hookline';

const DATABASE = 'hookline.db';

/** The data directory, created if missing (mode 0700); a StartupError when it cannot be one. */
export function ensureDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'is not a directory'
        : `cannot be created (${code ?? 'error'})`;
    throw new StartupError(`--data ${dataDir} ${why}`);
  }
  return dir;
}

/** The embedded store's file in a data directory (the directory is created if missing). */
export function databaseFile(dataDir: string): string {
  return join(ensureDataDir(dataDir), DATABASE);
}

/**
 * Runs `open` (opening or migrating the store file): a file that is no SQLite store, or that
 * cannot be read, is a StartupError naming it, not a stack trace.
 */
export function openingStore<T>(file: string, open: () => T): T {
  try {
    return open();
  } catch (caught) {
    const message = caught instanceof Error ? (caught.message.split('\n')[0] ?? '') : '';
    throw new StartupError(`cannot open the store ${file}: ${message}`);
  }
}

/** True when the data directory holds no store yet (a command would start a new one). */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(join(resolve(dataDir), DATABASE));
}
