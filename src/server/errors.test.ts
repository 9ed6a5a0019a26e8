import { describe, expect, it } from 'vitest';
import { StorageError } from '../storage/ports.js';
import { HooklineError, knownError } from './errors.js';

describe('knownError (the one mapping behind every error envelope)', () => {
  it('keeps a HooklineError, makes a StorageError the client’s, leaves the rest unexpected', () => {
    const mine = new HooklineError('NOT_FOUND', 'no such trigger');
    expect(knownError(mine)).toBe(mine);
    expect(knownError(new StorageError('INVALID_CURSOR', 'bad cursor'))).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'bad cursor',
    });
    expect(knownError(new StorageError('INVALID_VALUE', 'a NUL'))).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'a NUL',
    });
    expect(knownError(new StorageError('CONFLICT', 'duplicate: id'))).toMatchObject({
      code: 'CONFLICT',
      message: 'duplicate: id',
    });
    expect(knownError(new Error('disk I/O error'))).toBeUndefined();
    expect(knownError('thrown text')).toBeUndefined();
  });
});
