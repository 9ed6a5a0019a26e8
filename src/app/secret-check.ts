import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sealer } from '../secrets/index.js';
import { StartupError } from './startup-error.js';

/** A value sealed with the data directory's key on first start (docs/server.md `--data`). */
const CHECK_FILE = 'secret.check';
const CANARY = 'hookline secret key check v1';

function readCheck(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (caught) {
    if ((caught as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StartupError(`cannot read ${file} (${(caught as Error).message})`);
  }
}

const opens = (sealer: Sealer, sealed: string): string | undefined => {
  try {
    return sealer.open(sealed);
  } catch {
    return undefined;
  }
};

/**
 * Makes sure `sealer` holds the key that sealed the data directory's secrets: it must open
 * the check value sealed on first start. A wrong key is a StartupError naming where the key
 * came from (`keyOrigin`), never the key; otherwise it would surface only when a delivery
 * fails to open a saved webhook's secret. Where there is no check value yet (a data directory
 * from before it existed), `storedSample` (a value sealed in the store, if any) must open.
 */
export async function checkSecretKey(
  dataDir: string,
  sealer: Sealer,
  keyOrigin: string,
  storedSample: () => Promise<string | undefined>,
): Promise<void> {
  const file = join(dataDir, CHECK_FILE);
  const wrongKey = new StartupError(
    `${keyOrigin} is not the key that sealed the secrets in ${dataDir}; start with that key`,
  );
  let sealed = readCheck(file);
  if (sealed === undefined) {
    const sample = await storedSample();
    if (sample !== undefined && opens(sealer, sample) === undefined) throw wrongKey;
    if (writeCheck(file, sealer)) return;
    // Another process started at the same moment wrote it first: check against theirs.
    sealed = readCheck(file);
    if (sealed === undefined) throw new StartupError(`cannot read ${file}`);
  }
  if (opens(sealer, sealed) !== CANARY) throw wrongKey;
}

/** Seals the check value into `file`; false when the file exists already. */
function writeCheck(file: string, sealer: Sealer): boolean {
  try {
    writeFileSync(file, `${sealer.seal(CANARY)}\n`, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new StartupError(`cannot write ${file} (${code ?? 'error'})`);
  }
}
