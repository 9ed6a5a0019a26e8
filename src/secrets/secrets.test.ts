import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSealer, loadSecretKey, SealedValueError, SecretKeyError } from './index.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-secrets-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sealer', () => {
  const sealer = createSealer(Buffer.alloc(32, 7));

  it.each(['p@ssw0rd', '', 'whsec_abc/def+==', 'é日本🙂'])(
    'round-trips %j without keeping it in clear',
    (clear) => {
      const sealed = sealer.seal(clear);
      expect(sealed.startsWith('v1:')).toBe(true);
      if (clear !== '') expect(sealed).not.toContain(clear);
      expect(sealer.open(sealed)).toBe(clear);
    },
  );

  it('seals the same value differently each time', () => {
    expect(sealer.seal('x')).not.toBe(sealer.seal('x'));
  });

  it('refuses altered values and other keys', () => {
    const sealed = sealer.seal('secret');
    const altered = `${sealed.slice(0, -4)}AAAA`;
    expect(() => sealer.open(altered)).toThrow(SealedValueError);
    expect(() => createSealer(Buffer.alloc(32, 8)).open(sealed)).toThrow(SealedValueError);
    expect(() => sealer.open('plain')).toThrow(SealedValueError);
  });
});

describe('loadSecretKey', () => {
  it('generates a key file once, mode 0600, and reads it back', () => {
    const dir = tempDir();
    const first = loadSecretKey(dir, undefined);
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadSecretKey(dir, undefined).equals(first)).toBe(true);
  });

  it('creates a missing data directory 0700', () => {
    const dir = join(tempDir(), 'data');
    loadSecretKey(dir, undefined);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('prefers HOOKLINE_SECRET_KEY, hex or base64', () => {
    const dir = tempDir();
    const hex = 'ab'.repeat(32);
    expect(loadSecretKey(dir, hex).toString('hex')).toBe(hex);
    const base64 = Buffer.alloc(32, 1).toString('base64');
    expect(loadSecretKey(dir, base64).equals(Buffer.alloc(32, 1))).toBe(true);
    expect(() => readFileSync(join(dir, 'secret.key'))).toThrow();
  });

  it('refuses a key of the wrong size without echoing it', () => {
    expect(() => loadSecretKey(tempDir(), 'c2hvcnQ=')).toThrow(SecretKeyError);
    try {
      loadSecretKey(tempDir(), 'c2hvcnQ=');
    } catch (caught) {
      expect((caught as Error).message).not.toContain('c2hvcnQ=');
    }
  });
});
