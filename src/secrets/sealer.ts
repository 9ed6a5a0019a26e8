import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens secrets at rest (passwords, tokens, signing secrets): AES-256-GCM. */
export interface Sealer {
  seal(clear: string): string;
  /** Throws SealedValueError when the value was not sealed with this key or was altered. */
  open(sealed: string): string;
}

/** A sealed value that cannot be opened; the message never contains the value. */
export class SealedValueError extends Error {
  override readonly name = 'SealedValueError';
}

/** A sealer for a 32-byte key. Sealed form: `v1:<base64(iv | tag | ciphertext)>`. */
export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  return {
    seal(clear) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
    },
    open(sealed) {
      if (!sealed.startsWith(`${VERSION}:`)) throw new SealedValueError('not a sealed value');
      const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SealedValueError('sealed value too short');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SealedValueError(
          'sealed value cannot be opened with this key (altered, or another key)',
        );
      }
    },
  };
}
