import { chmodSync, closeSync, openSync, statSync } from 'node:fs';

/** Owner read and write only: the store holds sealed secrets, keys' hashes, contacts' data. */
const PRIVATE = 0o600;

/**
 * Creates the database file 0600 when missing and tightens an existing one (and its `-wal`
 * and `-shm`) to 0600. SQLite gives the `-wal` and `-shm` files it creates the mode of the
 * database file, so those follow (docs/server.md "Secrets").
 */
export function makePrivate(file: string): void {
  if (file === ':memory:' || file === '') return;
  closeSync(openSync(file, 'a', PRIVATE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE);
    } catch (caught) {
      if ((caught as NodeJS.ErrnoException).code !== 'ENOENT') throw caught;
    }
  }
}
