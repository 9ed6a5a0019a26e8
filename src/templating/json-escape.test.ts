import { describe, expect, it } from 'vitest';
import { escapeJsonString } from './json.js';

/** The escape escapeJsonString must give: JSON.stringify's, with U+2028/U+2029 escaped too. */
function reference(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\u2028\u2029]/g, (char) => (char === '\u2028' ? '\\u2028' : '\\u2029'));
}

describe('escapeJsonString', () => {
  it('escapes every UTF-16 code unit as JSON.stringify does (plus the line separators)', () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(escapeJsonString(text), `U+${code.toString(16)}`).toBe(reference(text));
    }
  });

  it.each([['plain 123'], ['say "hi"'], ['👍🏽'], ['\uD800x'], [''], ['C:\\dir\\']])(
    'escapes %j',
    (text) => {
      expect(escapeJsonString(text)).toBe(reference(text));
    },
  );
});
