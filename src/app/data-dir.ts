import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The embedded store's file in a data directory (created if missing). */
export function databaseFile(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, 'hookline.db');
}

/** SPEC §6: the data directory defaults to ./.hookline. */
export const DEFAULT_DATA_DIR = './.hookline';
