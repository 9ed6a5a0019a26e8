import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'hl_';

/** A new API key: shown once, stored only as its hash. */
export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 (hex) of a key or token: what storage keeps. Keys are random, so no salt is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The first characters of a key, to tell keys apart in lists. */
export function keyPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 6);
}
