import { describe, expect, it } from 'vitest';
import { excerptOf, MAX_EXCERPT_BYTES } from './excerpt.js';

describe('excerptOf', () => {
  it.each([
    { text: '', maxBytes: 4, expected: '' },
    { text: 'abcd', maxBytes: 4, expected: 'abcd' },
    { text: 'abcdef', maxBytes: 4, expected: 'abcd' },
    // 'é' is 2 bytes, '€' 3, '😀' 4: a cut inside one drops the whole character.
    { text: 'aé', maxBytes: 2, expected: 'a' },
    { text: 'a€b', maxBytes: 3, expected: 'a' },
    { text: 'a€b', maxBytes: 4, expected: 'a€' },
    { text: '😀😀', maxBytes: 7, expected: '😀' },
  ])('cuts $text at $maxBytes bytes to $expected', ({ text, maxBytes, expected }) => {
    expect(excerptOf(text, maxBytes)).toBe(expected);
  });

  it('keeps 64 KB by default', () => {
    expect(excerptOf('x'.repeat(MAX_EXCERPT_BYTES + 10))).toHaveLength(MAX_EXCERPT_BYTES);
    expect(Buffer.byteLength(excerptOf('€'.repeat(MAX_EXCERPT_BYTES)))).toBeLessThanOrEqual(
      MAX_EXCERPT_BYTES,
    );
  });
});
