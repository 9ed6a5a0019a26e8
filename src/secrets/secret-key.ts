import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_FILE = 'secret.key';

/** A problem with the secret key setting; the message never contains key material. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

function decodeKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new SecretKeyError(`${origin} must be 32 bytes, as 64 hex characters or base64`);
  }
  return key;
}

/**
 * The key that seals secrets at rest: `HOOKLINE_SECRET_KEY` when set, else
 * `<data>/secret.key`, generated once with mode 0600.
 */
export function loadSecretKey(dataDir: string, fromEnvironment: string | undefined): Buffer {
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    return decodeKey(fromEnvironment, 'HOOKLINE_SECRET_KEY');
  }
  const file = join(dataDir, KEY_FILE);
  try {
    return decodeKey(readFileSync(file, 'utf8'), file);
  } catch (caught) {
    if ((caught as NodeJS.ErrnoException).code !== 'ENOENT') throw caught;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // `wx`: never overwrite a key another process wrote in the meantime.
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (caught) {
    if ((caught as NodeJS.ErrnoException).code === 'EEXIST')
      return decodeKey(readFileSync(file, 'utf8'), file);
    throw caught;
  }
  chmodSync(file, 0o600);
  return key;
}
